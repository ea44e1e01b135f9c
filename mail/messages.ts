/**
 * The mail message catalogue: subjects, the review card's instructions, and what Bantin answers
 * to mail it cannot take as it is. Vietnamese, NFC. Texts sent to senders about their items come
 * from core's catalogue (`core/messages/vi.ts`); these are the ones only e-mail needs.
 */
import { REJECTION_REASONS } from "../core/domain.ts";
import { ACTION_LABELS } from "../core/messages/vi.ts";
import type { CardAction, CardOutcome, ReviewCard } from "../core/ports.ts";
import { excerpt } from "../core/text.ts";

const nfc = (s: string) => s.normalize("NFC");

const decimal = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 1 });

/** "0,2 MB", "25 MB", "800 KB": sizes as a Vietnamese reader writes them (decimal comma). */
export function bytes(n: number): string {
  return n >= 1_048_576 / 10 ? `${decimal.format(n / 1_048_576)} MB` : `${decimal.format(Math.ceil(n / 1024))} KB`;
}

/** Subjects: the tracking code first, so a mailbox sorts and searches by it. */
export const mailSubjects = {
  notice: (p: { trackingCode: string | null; firstLine: string }) =>
    nfc(`${p.trackingCode ? `[${p.trackingCode}] ` : ""}${excerpt(p.firstLine, 90) || "Thông báo từ Bantin"}`),
  card: (card: Pick<ReviewCard, "trackingCode" | "kindLabel" | "fieldName" | "priority" | "stage">) =>
    nfc(
      `[${card.trackingCode}] ${card.priority === "high" ? "[KHẨN] " : ""}Phiếu duyệt${card.stage === "final" ? " (Trưởng ban)" : ""}: ` +
        `${card.kindLabel}${card.fieldName ? ` · ${card.fieldName}` : ""}`,
    ),
  cardClosed: (p: { trackingCode: string; outcome: CardOutcome }) =>
    nfc(`[${p.trackingCode}] Đã xử lý: ${ACTION_LABELS[p.outcome.action]}`),
  answer: (p: { trackingCode: string }) => nfc(`[${p.trackingCode}] Trả lời câu hỏi của bạn`),
  reviewReply: (p: { trackingCode: string | null }) =>
    nfc(`${p.trackingCode ? `[${p.trackingCode}] ` : ""}Kết quả thư trả lời phiếu duyệt`),
} as const;

const COMMAND_LINES: Partial<Record<CardAction, string>> = {
  approve: "DUYỆT — duyệt đăng",
  reject: "TỪ CHỐI <số lý do 1–9> <ghi chú> — ví dụ: TỪ CHỐI 7 Trùng với tin đã đăng",
  request_changes: "BỔ SUNG <nội dung cần bổ sung> — gửi lại người gửi để bổ sung",
  answer: "Viết câu trả lời ngay từ dòng đầu tiên — câu trả lời được gửi cho người hỏi và đăng lên trang",
};

/** The card's instructions: how to decide by replying, and the nine reasons. */
export function cardInstructions(card: Pick<ReviewCard, "actions" | "webUrl">): string {
  const lines = card.actions.flatMap((a) => (COMMAND_LINES[a] ? [`  ${COMMAND_LINES[a]}`] : []));
  const reasons = card.actions.includes("reject")
    ? ["", "Lý do từ chối:", ...Object.entries(REJECTION_REASONS).map(([n, t]) => `  ${n}. ${t}`)]
    : [];
  return nfc(
    [
      "Để quyết định, hãy trả lời thư này, ghi ở dòng đầu tiên (không phân biệt hoa thường, có thể gõ không dấu):",
      ...lines,
      ...reasons,
      "",
      ...(card.actions.includes("forward") ? ["Chuyển người xử lý khác: trên trang quản trị."] : []),
      `Xem đầy đủ: ${card.webUrl}`,
      "",
      "Phiếu này chỉ dành cho bạn: thư trả lời phải gửi từ chính địa chỉ e-mail đã nhận phiếu.",
    ].join("\n"),
  );
}

/** Under a card: the item's files that did not fit in the mail. */
export function cardFilesLeftOut(p: { names: string[] }): string {
  return nfc(`Tệp đính kèm không gửi kèm thư này (quá lớn), xem trên trang quản trị: ${p.names.join(", ")}`);
}

/** The last paragraph of every mail to a sender: replying adds to their item. */
export const mailFooter = {
  sender: (p: { trackingCode: string | null }) =>
    nfc(
      p.trackingCode
        ? `—\nThư tự động của Bantin. Trả lời thư này nếu bạn muốn bổ sung cho nội dung ${p.trackingCode}.`
        : "—\nThư tự động của Bantin.",
    ),
  reviewer: () => nfc("—\nThư tự động của Bantin gửi thành viên Ban biên tập."),
} as const;

/** Answers to mail Bantin cannot take as it is. */
export const mailReplies = {
  detailsRequest: (p: { missing: ReadonlyArray<"fullName" | "workplace" | "title"> }) =>
    nfc(
      "Bantin đã nhận thư của bạn và lưu lại. Theo quy định, trước khi chuyển Ban biên tập cần có thông tin người gửi; " +
        "bạn chỉ phải cung cấp một lần.\n\n" +
        "Vui lòng trả lời thư này, ghi ở đầu thư:\n" +
        p.missing
          .map(
            (d) =>
              ({
                fullName: "Họ và tên: (ví dụ Nguyễn Văn An)",
                workplace: "Đơn vị công tác: (ví dụ Đoàn Thanh niên xã)",
                title: "Chức vụ: (ví dụ Bí thư Chi đoàn)",
              })[d],
          )
          .join("\n") +
        "\n\nKhi có đủ thông tin, nội dung bạn đã gửi sẽ được tiếp nhận và bạn nhận được mã theo dõi.",
    ),
  tooLarge: (p: { size: number; max: number }) =>
    nfc(
      `Thư của bạn (${bytes(p.size)}) vượt quá dung lượng Bantin nhận được (${bytes(p.max)}) nên chưa được tiếp nhận.\n` +
        "Vui lòng gửi lại với tệp nhỏ hơn, hoặc gửi đường dẫn tải tệp. Thư gốc vẫn được lưu tại hộp thư của xã.",
    ),
  tooManyParts: (p: { count: number; max: number }) =>
    nfc(
      `Thư của bạn có ${p.count} tệp đính kèm, nhiều hơn mức Bantin nhận được (${p.max}) nên chưa được tiếp nhận.\n` +
        "Vui lòng gửi lại với ít tệp hơn (có thể nén thành một tệp). Thư gốc vẫn được lưu tại hộp thư của xã.",
    ),
  empty: () =>
    nfc(
      "Thư của bạn không có nội dung (không có chữ, tiêu đề hay tệp đính kèm) nên Bantin chưa tiếp nhận. " +
        "Vui lòng gửi lại kèm nội dung cần gửi.",
    ),
  unreadable: () =>
    nfc(
      "Bantin không đọc được thư của bạn (cấu trúc thư quá phức tạp hoặc bị lỗi) nên chưa tiếp nhận được.\n" +
        "Vui lòng gửi lại thư đơn giản hơn, ít tệp đính kèm hơn. Thư gốc vẫn được lưu tại hộp thư của xã.",
    ),
  attachmentsOmittedToSender: (p: { trackingCode: string; names: string[]; max: number }) =>
    nfc(
      `Tệp đính kèm của ${p.trackingCode} vượt quá ${bytes(p.max)} nên không được lưu: ${p.names.join(", ")}. ` +
        "Nếu cần, vui lòng gửi tệp nhỏ hơn hoặc đường dẫn tải tệp bằng cách trả lời thư này.",
    ),
  attachmentsOmitted: (p: { names: string[]; max: number }) =>
    nfc(`[Tệp đính kèm vượt quá ${bytes(p.max)}, không được lưu: ${p.names.join(", ")}]`),
  commandUsage: (p: { trackingCode: string; firstLine: string }) =>
    nfc(
      `Bantin chưa hiểu thư trả lời phiếu ${p.trackingCode} của bạn (dòng đầu: "${excerpt(p.firstLine, 60)}"). Không có gì thay đổi.\n` +
        "Dòng đầu tiên cần là một trong: DUYỆT · TỪ CHỐI <số lý do 1–9> <ghi chú> · BỔ SUNG <ghi chú>.",
    ),
  rejectNeedsReason: (p: { trackingCode: string }) =>
    nfc(
      `Để từ chối ${p.trackingCode}, hãy ghi số lý do từ 1 đến 9, ví dụ: TỪ CHỐI 7 Trùng với tin đã đăng. Không có gì thay đổi.`,
    ),
  notYourCard: (p: { trackingCode: string }) =>
    nfc(
      `Thư trả lời phiếu duyệt ${p.trackingCode} không được ghi nhận: phiếu này được gửi cho một thành viên khác, ` +
        "chỉ người nhận phiếu mới quyết định được bằng thư trả lời. Thư đã được lưu để Bộ phận thường trực kiểm tra.",
    ),
  forgedWarning: (p: { trackingCode: string; from: string }) =>
    nfc(
      `Cảnh báo: Bantin nhận được một thư trả lời phiếu duyệt ${p.trackingCode} của bạn nhưng gửi từ địa chỉ khác (${p.from}). ` +
        "Thư đó không được ghi nhận và đã được lưu để Bộ phận thường trực kiểm tra. Nếu đó là bạn, hãy trả lời từ địa chỉ đã nhận phiếu.",
    ),
  authFailed: (p: { trackingCode: string }) =>
    nfc(
      `Thư trả lời phiếu duyệt ${p.trackingCode} không được ghi nhận vì máy chủ thư của xã không xác thực được người gửi (SPF/DKIM/DMARC). ` +
        "Thư đã được lưu để Bộ phận thường trực kiểm tra. Vui lòng quyết định trên trang quản trị hoặc kênh khác.",
    ),
  refusedForSecretariat: (p: { trackingCode: string; from: string; why: string }) =>
    nfc(
      `Bantin không ghi nhận một thư trả lời phiếu duyệt ${p.trackingCode} gửi từ ${p.from}: ${p.why} ` +
        "Thư gốc được lưu trong các thư không tiếp nhận (lý do: review reply refused) để Bộ phận thường trực kiểm tra.",
    ),
  whyNotYours: () => nfc("phiếu này không được gửi cho địa chỉ đó."),
  whyAuth: () => nfc("máy chủ thư không xác thực được người gửi (SPF/DKIM/DMARC)."),
  cardReplyWithoutToken: (p: { trackingCode: string }) =>
    nfc(
      `Thư về phiếu duyệt ${p.trackingCode} không được ghi nhận vì không gửi tới địa chỉ trả lời của phiếu. ` +
        'Hãy dùng nút "Trả lời" trên chính thư phiếu duyệt.',
    ),
} as const;

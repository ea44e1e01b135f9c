/**
 * What the Telegram bot itself says, Vietnamese, NFC. Outcomes of an item (acknowledged,
 * published, rejected…) and answers to reviewers live in core's catalogue; these are the bot's
 * own words: greetings, help, status lists, placeholders and refusals.
 */
import type { DecisionAction } from "../../core/domain.ts";
import { decisionOutcomeText } from "../../core/messages/vi.ts";
import type { DecideResult } from "../../core/review/decide.ts";

const nfc = (s: string) => s.normalize("NFC");

/** Telegram's limit on a callback answer's text. */
const CALLBACK_TEXT_MAX = 200;

export const botMessages = {
  greeting: (p: { name?: string | null }) =>
    nfc(
      `Xin chào${p.name ? ` ${p.name}` : ""}! Đây là Bantin, kênh tiếp nhận tin tức, câu hỏi và phản ánh của xã.\n` +
        `Bạn chỉ cần nhắn nội dung (có thể kèm ảnh và chú thích) vào đây. Mỗi nội dung được cấp một mã theo dõi; ` +
        `Ban biên tập xem xét và báo kết quả ngay trong cuộc trò chuyện này.\n` +
        `Gõ /giupdo để xem các lệnh.`,
    ),
  help: () =>
    nfc(
      `Các lệnh của Bantin:\n` +
        `/trangthai — xem 10 nội dung gần nhất bạn đã gửi và tình trạng của chúng\n` +
        `/huy <mã> — rút một nội dung đang chờ xem xét, ví dụ /huy TB-0042\n` +
        `/thongtin — xem và sửa thông tin người gửi (họ tên, đơn vị, chức vụ, số điện thoại)\n` +
        `/giupdo — xem hướng dẫn này\n\n` +
        `Gửi tin, câu hỏi hoặc phản ánh: nhắn nội dung vào đây.\n` +
        `Bổ sung cho nội dung đã gửi: trả lời (reply) tin nhắn của Bantin có mã theo dõi của nội dung đó.`,
    ),
  withdrawUsage: () => nfc(`Gõ /huy kèm mã theo dõi của nội dung muốn rút, ví dụ: /huy TB-0042`),
  withdrawNotFound: (p: { code: string }) =>
    nfc(`Không tìm thấy nội dung có mã ${p.code} trong các nội dung bạn đã gửi.`),
  unknownCommand: () => nfc(`Bantin không có lệnh này. Gõ /giupdo để xem các lệnh, hoặc nhắn nội dung để gửi.`),
  privateOnly: () => nfc(`Bantin chỉ nhận tin nhắn riêng. Vui lòng nhắn trực tiếp cho bot để gửi nội dung.`),
  nothingToSend: () =>
    nfc(
      `Bantin chưa đọc được nội dung trong tin nhắn này. Vui lòng nhắn bằng chữ, hoặc gửi ảnh, tệp kèm lời chú thích.`,
    ),
  editNotSupported: () =>
    nfc(
      `Bantin không cập nhật được nội dung theo tin đã sửa này. Để bổ sung, vui lòng trả lời (reply) tin nhắn xác nhận có mã theo dõi.`,
    ),
  fileTooLarge: (p: { maxMb: number }) =>
    nfc(
      `Tệp này lớn hơn ${p.maxMb} MB, Bantin chưa nhận được. Bạn vui lòng gửi tệp nhỏ hơn (ví dụ ảnh thay cho video, ` +
        `hoặc chia nhỏ tệp), hay gửi đường liên kết tải tệp kèm lời mô tả.`,
    ),
  fileUnavailable: () =>
    nfc(`Bantin chưa tải được tệp này từ Telegram. Bạn vui lòng gửi lại sau ít phút; nội dung đã gửi vẫn được lưu.`),
  apology: () => nfc(`Xin lỗi, Bantin gặp sự cố khi xử lý yêu cầu này. Vui lòng thử lại sau ít phút.`),
  staleButton: () => nfc(`Nút này không còn hiệu lực.`),
  filesCaption: (p: { trackingCode: string; count: number }) => nfc(`${p.trackingCode} · ${p.count} tệp đính kèm`),
  working: () => nfc(`Đang xử lý…`),
  answerPrompt: (p: { trackingCode: string }) => nfc(`Nhập câu trả lời cho ${p.trackingCode}`),
  rejectNotePrompt: (p: { trackingCode: string; reason: string }) =>
    nfc(
      `Từ chối ${p.trackingCode}, lý do: ${p.reason}.\n` +
        `Trả lời (reply) tin nhắn này để kèm ghi chú cho người gửi, hoặc bấm nút bên dưới để từ chối không kèm ghi chú.`,
    ),
  rejectWithoutNote: () => nfc(`Từ chối, không ghi chú`),
  changesPrompt: (p: { trackingCode: string }) =>
    nfc(`Cần bổ sung gì cho ${p.trackingCode}? Nội dung bạn trả lời tin nhắn này sẽ được gửi cho người gửi.`),
  changesPlaceholder: () => nfc(`Cần bổ sung…`),
  noteEmpty: () => nfc(`Ghi chú đang trống. Vui lòng trả lời bằng chữ.`),
  answerPlaceholder: () => nfc(`Câu trả lời…`),
} as const;

/** The labels of a review card's buttons and menus. */
export const BUTTON_LABELS = {
  approve: "Duyệt",
  reject: "Từ chối",
  request_changes: "Yêu cầu bổ sung",
  forward: "Chuyển",
  answer: "Trả lời",
  web: "Xem trên web",
  back: "Quay lại",
  wholeField: "Cả lĩnh vực",
} as const;

/** The sender's details, as the bot asks for them and shows them (`/thongtin`). */
export const registrationMessages = {
  held: () =>
    nfc(
      `Bantin đã nhận nội dung của bạn. Theo quy định, trước khi chuyển Ban biên tập cần có thông tin người gửi; ` +
        `bạn chỉ phải cung cấp một lần.`,
    ),
  askFullName: () => nfc(`Bạn vui lòng nhắn họ và tên đầy đủ (ví dụ: Nguyễn Văn An).`),
  askWorkplace: () => nfc(`Bạn đang công tác ở đơn vị nào? (ví dụ: Đoàn Thanh niên xã, Trường THCS Tân Phú)`),
  askTitle: () => nfc(`Chức vụ của bạn là gì? (ví dụ: Bí thư Chi đoàn, giáo viên)`),
  askContact: () =>
    nfc(
      `Bạn vui lòng bấm nút «Chia sẻ số điện thoại» bên dưới để Ban biên tập có thể liên hệ khi cần ` +
        `(hoặc nhắn số điện thoại hay địa chỉ e-mail).`,
    ),
  shareContactButton: () => nfc(`📱 Chia sẻ số điện thoại`),
  invalidFullName: () => nfc(`Họ và tên cần có ít nhất hai chữ, ví dụ: Nguyễn Văn An. Bạn vui lòng nhắn lại.`),
  invalidText: () => nfc(`Nội dung này chưa phù hợp (cần từ 2 đến 200 ký tự). Bạn vui lòng nhắn lại.`),
  invalidContact: () =>
    nfc(
      `Số điện thoại cần có 10 chữ số, bắt đầu bằng 0 (ví dụ 0912345678), hoặc một địa chỉ e-mail. ` +
        `Bạn cũng có thể bấm nút «Chia sẻ số điện thoại».`,
    ),
  notYourContact: () =>
    nfc(`Đây là số của người khác. Vui lòng bấm nút «Chia sẻ số điện thoại» để gửi số của chính bạn.`),
  recognised: (p: { name: string | null }) =>
    nfc(`Bantin đã nhận ra bạn${p.name ? ` là ${p.name}` : ""}, cộng tác viên đã được đăng ký.`),
  complete: (p: { held: number }) =>
    nfc(
      `Cảm ơn bạn, Bantin đã ghi nhận thông tin người gửi.` +
        (p.held > 0
          ? ` Nội dung bạn đã gửi đang được tiếp nhận; mã theo dõi sẽ đến ngay sau đây.`
          : ` Bạn có thể nhắn nội dung cần gửi vào đây.`),
    ),
  updated: () => nfc(`Đã cập nhật thông tin của bạn.`),
  inviteAccepted: (p: { name: string | null }) =>
    nfc(`Chào ${p.name ?? "bạn"}! Tài khoản Telegram này đã được liên kết với hồ sơ cộng tác viên của bạn.`),
  inviteRefused: (p: { reason: "unknown" | "expired" | "used" | "taken" }) =>
    nfc(
      {
        unknown: `Mã mời này không đúng. Vui lòng kiểm tra lại đường liên kết Ban biên tập gửi cho bạn.`,
        expired: `Mã mời này đã hết hạn. Vui lòng đề nghị Ban biên tập cấp mã mới.`,
        used: `Mã mời này đã được dùng cho một tài khoản khác. Vui lòng đề nghị Ban biên tập cấp mã mới.`,
        taken: `Hồ sơ này đã liên kết với một tài khoản Telegram khác. Vui lòng liên hệ Ban biên tập.`,
      }[p.reason],
    ),
  profile: (p: {
    fullName: string | null;
    workplace: string | null;
    title: string | null;
    phone: string | null;
    email: string | null;
  }) =>
    nfc(
      `Thông tin người gửi của bạn:\n` +
        `Họ và tên: ${p.fullName ?? "(chưa có)"}\n` +
        `Đơn vị công tác: ${p.workplace ?? "(chưa có)"}\n` +
        `Chức vụ: ${p.title ?? "(chưa có)"}\n` +
        `Điện thoại: ${p.phone ?? "(chưa có)"}\n` +
        `E-mail: ${p.email ?? "(chưa có)"}\n\n` +
        `Bấm một nút bên dưới để sửa.`,
    ),
  editButtons: {
    fullName: "Sửa họ tên",
    workplace: "Sửa đơn vị",
    title: "Sửa chức vụ",
    contact: "Sửa số điện thoại",
  },
} as const;

/** How the bot recognises its own prompts when a reviewer replies to them (see the templates above). */
export const PROMPTS = {
  rejectNote: /^Từ chối (TB-\d+), lý do:/u,
  changes: /^Cần bổ sung gì cho (TB-\d+)\?/u,
} as const;

/** Placeholders for what a message carries besides text, so a submission is never blank. */
export const contentPlaceholders = {
  photo: "[Ảnh]",
  video: "[Video]",
  animation: "[Ảnh động]",
  voice: "[Tin nhắn thoại]",
  audio: "[Âm thanh]",
  videoNote: "[Video tròn]",
  document: (name?: string | null) => nfc(name ? `[Tệp: ${name}]` : "[Tệp]"),
  location: (lat: number, lon: number) => nfc(`[Vị trí: ${lat}, ${lon}]`),
  venue: (title: string, address: string) => nfc(`[Địa điểm: ${title}, ${address}]`),
  contact: (name: string, phone: string) => nfc(`[Liên hệ: ${name}, ${phone}]`),
  forwardedFrom: (origin: string) => nfc(`[Chuyển tiếp từ ${origin}]`),
  someone: "người khác",
} as const;

/**
 * A decision's outcome as the reviewer reads it in the callback answer; refusals are alerts,
 * which stay on screen until dismissed.
 */
export function decisionReply(
  r: DecideResult,
  action: DecisionAction | "answer",
  code: string,
): { text: string; alert: boolean } {
  const fit = (s: string) => (s.length <= CALLBACK_TEXT_MAX ? s : `${s.slice(0, CALLBACK_TEXT_MAX - 1)}…`);
  return { text: fit(decisionOutcomeText(r, action, code)), alert: r.outcome !== "decided" };
}

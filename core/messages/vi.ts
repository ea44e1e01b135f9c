/**
 * The Vietnamese message catalogue: every text a person reads, in one place, NFC.
 * Each entry is a function of its parameters; the outbound log stores the key, the parameters
 * and the rendered text, so a message can be re-rendered or audited later.
 */
import { REJECTION_REASONS, type DecisionAction, type Kind, type RejectionReasonCode } from "../domain.ts";

export const KIND_LABELS: Record<Kind, string> = {
  news: "Tin tức",
  question: "Câu hỏi",
  feedback: "Phản ánh, kiến nghị",
  complaint: "Khiếu nại, tố cáo",
  spam: "Tin rác",
};

export const STATUS_LABELS: Record<string, string> = {
  received: "Đã tiếp nhận",
  classified: "Đã phân loại, chờ chuyển người duyệt",
  in_review: "Đang xem xét",
  changes_requested: "Cần bổ sung",
  approved: "Đã duyệt, chờ đăng",
  published: "Đã đăng",
  answered: "Đã trả lời",
  forwarded: "Đã chuyển cơ quan có thẩm quyền",
  rejected: "Không được đăng",
  withdrawn: "Người gửi đã rút",
};

export const ACTION_LABELS: Record<DecisionAction | "answer" | "withdrawn", string> = {
  approve: "Đã duyệt",
  reject: "Từ chối",
  request_changes: "Yêu cầu bổ sung",
  forward: "Đã chuyển",
  answer: "Đã trả lời",
  withdrawn: "Người gửi đã rút",
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** "14:05 22/11/2026" in the commune's time zone. */
export function formatDateTime(d: Date, timeZone: string): string {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("vi-VN", {
      timeZone,
      hour: "2-digit",
      minute: "2-digit",
      day: "2-digit",
      month: "2-digit",
      year: "numeric",
      hourCycle: "h23",
    });
    formatters.set(timeZone, f);
  }
  const parts = f.formatToParts(d);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? "";
  return `${get("hour")}:${get("minute")} ${get("day")}/${get("month")}/${get("year")}`;
}

/** The rejection reason as the sender reads it. */
export function reasonText(code: RejectionReasonCode): string {
  return REJECTION_REASONS[code];
}

const nfc = (s: string) => s.normalize("NFC");

/** Messages to senders, keyed: the key is stored with each outbound message. */
export const senderMessages = {
  /** A sender's items and where each stands (the channels' status command). */
  statusList: (lines: ReadonlyArray<{ trackingCode: string; status: string; receivedAt: string; excerpt: string }>) =>
    (lines.length === 0
      ? `Bạn chưa gửi nội dung nào. Hãy nhắn nội dung vào đây để gửi.`
      : `Các nội dung bạn đã gửi gần đây:\n` +
        lines.map((l) => `${l.trackingCode} · ${l.status} · ${l.receivedAt}\n   ${l.excerpt}`).join("\n")
    ).normalize("NFC"),
  acknowledged: (p: { trackingCode: string }) =>
    nfc(
      `Bantin đã nhận nội dung của bạn. Mã theo dõi: ${p.trackingCode}.\n` +
        `Ban biên tập sẽ xem xét và báo kết quả tại đây. Khi cần hỏi về nội dung này, vui lòng cho biết mã ${p.trackingCode}.`,
    ),
  published: (p: { trackingCode: string; url: string }) =>
    nfc(`Nội dung ${p.trackingCode} của bạn đã được đăng trên trang thông tin: ${p.url}\nCảm ơn bạn đã gửi tin.`),
  rejected: (p: { trackingCode: string; reasonCode: RejectionReasonCode; note?: string | null }) =>
    nfc(
      `Nội dung ${p.trackingCode} không được đăng.\nLý do: ${reasonText(p.reasonCode)}.` +
        (p.note ? `\nGhi chú của Ban biên tập: ${p.note}` : ""),
    ),
  changesRequested: (p: { trackingCode: string; note?: string | null }) =>
    nfc(
      `Ban biên tập đề nghị bổ sung cho nội dung ${p.trackingCode}.` +
        (p.note ? `\nNội dung cần bổ sung: ${p.note}` : "") +
        `\nVui lòng trả lời tin nhắn này để bổ sung.`,
    ),
  forwarded: (p: { trackingCode: string }) =>
    nfc(
      `Đơn ${p.trackingCode} của bạn đã được tiếp nhận và chuyển đến cơ quan có thẩm quyền giải quyết theo quy định.`,
    ),
  answered: (p: { trackingCode: string; answer: string; unit?: string | null; url?: string | null }) =>
    nfc(
      `Trả lời câu hỏi ${p.trackingCode}:\n${p.answer}` +
        (p.unit ? `\n— ${p.unit}` : "") +
        (p.url ? `\nXem trên trang thông tin: ${p.url}` : ""),
    ),
  amended: (p: { trackingCode: string; reopened: boolean }) =>
    nfc(
      `Bantin đã nhận nội dung bổ sung cho ${p.trackingCode}.` +
        (p.reopened ? " Nội dung đã được chuyển lại Ban biên tập xem xét." : ""),
    ),
  withdrawn: (p: { trackingCode: string }) =>
    nfc(`Bạn đã rút nội dung ${p.trackingCode}. Ban biên tập sẽ không xem xét nội dung này nữa.`),
  notWithdrawable: (p: { trackingCode: string; status: string }) =>
    nfc(`Không rút được ${p.trackingCode}: nội dung này ${p.status.toLocaleLowerCase("vi")}.`),
  notAmendable: (p: { trackingCode: string; status: string }) =>
    nfc(`${p.trackingCode} hiện không nhận bổ sung (${p.status}). Nếu cần, vui lòng gửi nội dung mới.`),
} as const;
export type SenderMessageKey = keyof typeof senderMessages;

/** Answers to a reviewer who tried to decide. */
export const reviewerMessages = {
  decided: (p: { trackingCode: string; action: DecisionAction | "answer" }) =>
    nfc(`${ACTION_LABELS[p.action]}: ${p.trackingCode}.`),
  alreadyDecided: (p: { trackingCode: string; action: string; by: string; at: string }) =>
    nfc(
      `${p.trackingCode} đã được xử lý (${p.action}) bởi ${p.by} lúc ${p.at}. Quyết định của bạn không được ghi nhận.`,
    ),
  notAllowed: (p: { trackingCode: string }) =>
    nfc(`Bạn không có quyền quyết định đối với ${p.trackingCode}. Không có gì thay đổi.`),
  notInReview: (p: { trackingCode: string; status: string }) =>
    nfc(`${p.trackingCode} hiện không chờ duyệt (${p.status}). Không có gì thay đổi.`),
  invalid: (p: { problem: string }) => nfc(`Không thực hiện được: ${p.problem}`),
  notFound: (p: { code: string }) => nfc(`Không tìm thấy nội dung có mã ${p.code}.`),
} as const;

/** Texts of problems reported to reviewers by `decide`. */
export const decideProblems = {
  reasonRequired: "khi từ chối cần chọn một trong 9 lý do (1–9).",
  unknownReason: "lý do từ chối phải là một số từ 1 đến 9.",
  forwardTarget: "cần cho biết lĩnh vực hoặc người nhận khi chuyển.",
  unknownField: "không có lĩnh vực này.",
  unknownPerson: "không có người nhận này.",
  questionNotApproved: "câu hỏi cần được trả lời, không duyệt đăng trực tiếp.",
  emptyAnswer: "nội dung trả lời đang trống.",
  notAQuestion: "chỉ câu hỏi và phản ánh mới có câu trả lời.",
} as const;

/** What a reviewer is told of their decision (or answer): done, or why nothing changed. */
export function decisionOutcomeText(
  r:
    | { outcome: "decided"; trackingCode: string }
    | { outcome: "already_decided"; trackingCode: string; action: string; by: string; at: string }
    | { outcome: "not_allowed"; trackingCode: string }
    | { outcome: "not_in_review"; trackingCode: string; status: string }
    | { outcome: "invalid"; problem: string }
    | { outcome: "not_found" },
  action: DecisionAction | "answer",
  code: string,
): string {
  switch (r.outcome) {
    case "decided":
      return reviewerMessages.decided({ trackingCode: r.trackingCode, action });
    case "already_decided":
      return reviewerMessages.alreadyDecided(r);
    case "not_allowed":
      return reviewerMessages.notAllowed(r);
    case "not_in_review":
      return reviewerMessages.notInReview(r);
    case "invalid":
      return reviewerMessages.invalid(r);
    case "not_found":
      return reviewerMessages.notFound({ code });
  }
}

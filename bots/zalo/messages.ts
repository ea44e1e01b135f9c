/**
 * What the Zalo OA itself says, Vietnamese, NFC: greetings, help, status lists, the questions
 * that collect a sender's details, and the commands written under a review card. Outcomes of an
 * item and answers to reviewers live in core's catalogue.
 */
import { REJECTION_REASON_CODES, REJECTION_REASONS } from "../../core/domain.ts";
import type { Detail } from "../../core/people/registration.ts";

const nfc = (s: string) => s.normalize("NFC");

const DETAIL_QUESTIONS: Record<Detail, string> = {
  fullName: "Vui lòng cho biết họ và tên đầy đủ của bạn (ví dụ: Nguyễn Văn An).",
  workplace: "Vui lòng cho biết đơn vị công tác của bạn (ví dụ: Trường Tiểu học xã, Thôn Đông).",
  title: "Vui lòng cho biết chức vụ của bạn (ví dụ: Cán bộ văn hóa, Trưởng thôn).",
  contact: "Vui lòng cho biết số điện thoại (hoặc địa chỉ e-mail, địa chỉ nơi ở) để Ban biên tập liên hệ khi cần.",
};

export const zaloMessages = {
  greeting: (p: { name?: string | null }) =>
    nfc(
      `Xin chào${p.name ? ` ${p.name}` : ""}! Đây là kênh tiếp nhận tin tức, câu hỏi và phản ánh của xã.\n` +
        `Bạn chỉ cần nhắn nội dung (có thể kèm ảnh, tệp) vào đây. Mỗi nội dung được cấp một mã theo dõi; ` +
        `Ban biên tập xem xét và báo kết quả ngay trong cuộc trò chuyện này.\n` +
        `Gõ #giupdo để xem các lệnh.`,
    ),
  help: () =>
    nfc(
      `Các lệnh:\n` +
        `#trangthai — xem 10 nội dung gần nhất bạn đã gửi và tình trạng của chúng\n` +
        `#huy <mã> — rút một nội dung đang chờ xem xét, ví dụ #huy TB-0042\n` +
        `#giupdo — xem hướng dẫn này\n` +
        `#lienket — liên kết với hồ sơ đã đăng ký (cộng tác viên, thành viên Ban biên tập)\n\n` +
        `Gửi tin, câu hỏi hoặc phản ánh: nhắn nội dung vào đây.\n` +
        `Bổ sung cho nội dung đã gửi: trả lời (trích dẫn) tin nhắn có mã theo dõi của nội dung đó.`,
    ),
  withdrawUsage: () => nfc(`Gõ #huy kèm mã theo dõi của nội dung muốn rút, ví dụ: #huy TB-0042`),
  withdrawNotFound: (p: { code: string }) =>
    nfc(`Không tìm thấy nội dung có mã ${p.code} trong các nội dung bạn đã gửi.`),
  decideUsage: () =>
    nfc(
      `Lệnh cần mã theo dõi, ví dụ: #duyet TB-0042, #tuchoi TB-0042 7 trùng với tin đã đăng, #bosung TB-0042 cần thêm ảnh. ` +
        `Hoặc trả lời (trích dẫn) phiếu duyệt và gõ lệnh không cần mã.`,
    ),
  reasonNeeded: (p: { trackingCode: string }) =>
    nfc(
      `Khi từ chối ${p.trackingCode} cần ghi lý do (1–9), ví dụ: #tuchoi ${p.trackingCode} 7 trùng với tin đã đăng.\n` +
        reasonList(),
    ),
  forwardUsage: (p: { trackingCode: string }) =>
    nfc(`Gõ #chuyen ${p.trackingCode} <mã lĩnh vực> để chuyển, ví dụ: #chuyen ${p.trackingCode} dat-dai`),
  answerUsage: (p: { trackingCode: string }) =>
    nfc(`Gõ #traloi ${p.trackingCode} kèm nội dung trả lời, hoặc trả lời (trích dẫn) phiếu của câu hỏi.`),
  notRegistered: () =>
    nfc(
      `Tài khoản Zalo này chưa được liên kết với thành viên Ban biên tập. ` +
        `Vui lòng chia sẻ số điện thoại đã đăng ký để liên kết.`,
    ),
  nothingToSend: () =>
    nfc(`Chưa đọc được nội dung trong tin nhắn này. Vui lòng nhắn bằng chữ, hoặc gửi ảnh, tệp kèm lời chú thích.`),
  fileTooLarge: (p: { name: string; maxMb: number }) =>
    nfc(
      `Tệp "${p.name}" lớn hơn ${p.maxMb} MB nên chưa được lưu. Nội dung tin nhắn vẫn được tiếp nhận; ` +
        `vui lòng gửi tệp nhỏ hơn hoặc gửi qua e-mail của xã.`,
    ),
  fileNotFetched: (p: { name: string }) =>
    nfc(
      `Không tải được tệp "${p.name}" (liên kết có thể đã hết hạn). Nội dung tin nhắn vẫn được tiếp nhận; ` +
        `vui lòng gửi lại tệp nếu cần.`,
    ),
  detailsNeeded: () =>
    nfc(
      `Nội dung của bạn đã được lưu. Theo quy định, người gửi cần cho biết họ tên và cách liên hệ; ` +
        `Bantin sẽ cấp mã theo dõi ngay khi có đủ thông tin.`,
    ),
  askDetail: (detail: Detail) => nfc(DETAIL_QUESTIONS[detail]),
  detailNotUnderstood: (detail: Detail) => nfc(`Chưa nhận được thông tin hợp lệ. ${DETAIL_QUESTIONS[detail]}`),
  detailsSaved: () => nfc(`Cảm ơn bạn, thông tin đã được ghi nhận.`),
  linked: (p: { name: string | null }) => nfc(`Đã liên kết tài khoản Zalo này với ${p.name ?? "hồ sơ đã đăng ký"}.`),
  linkHow: () =>
    nfc(
      `Để liên kết tài khoản Zalo với hồ sơ đã đăng ký, hãy chia sẻ số điện thoại đã đăng ký ` +
        `hoặc gõ #lienket kèm mã mời Bộ phận thường trực đã gửi.`,
    ),
  inviteRefused: (p: { reason: "unknown" | "expired" | "used" | "taken" }) =>
    nfc(
      {
        unknown: "Mã mời không đúng.",
        expired: "Mã mời đã hết hạn. Vui lòng xin Bộ phận thường trực mã mới.",
        used: "Mã mời đã được dùng.",
        taken: "Hồ sơ này đã liên kết với một tài khoản Zalo khác.",
      }[p.reason],
    ),
  requestInfoTitle: (p: { commune: string }) => nfc(p.commune),
  requestInfoSubtitle: () =>
    nfc(`Chia sẻ họ tên và số điện thoại để Ban biên tập tiếp nhận và phản hồi nội dung của bạn.`),
  apology: () => nfc(`Xin lỗi, hệ thống gặp sự cố khi xử lý tin nhắn này. Vui lòng thử lại sau ít phút.`),
} as const;

/** Placeholders for what a message carries besides text, so an item is never blank. */
export const contentPlaceholders = {
  image: "[Ảnh]",
  gif: "[Ảnh động]",
  audio: "[Tin nhắn thoại]",
  video: "[Video]",
  file: (name?: string | null) => nfc(name ? `[Tệp: ${name}]` : "[Tệp]"),
  link: (title: string | null, url: string) => nfc(`[Liên kết: ${[title, url].filter(Boolean).join(" — ")}]`),
  location: (lat: number, lon: number) => nfc(`[Vị trí: ${lat}, ${lon}]`),
  businessCard: (text: string) => nfc(`[Danh thiếp: ${text}]`),
} as const;

/** The nine rejection reasons, one per line, numbered. */
export function reasonList(): string {
  return REJECTION_REASON_CODES.map((c) => `${c}. ${REJECTION_REASONS[c]}`).join("\n");
}

/** Button titles (Zalo: keep them within 20 characters). */
export const BUTTON_TITLES = {
  approve: "Duyệt",
  reject: "Từ chối",
  request_changes: "Yêu cầu bổ sung",
  web: "Xem trên web",
} as const;

/** Alerts to the board's leaders about the channel itself. */
export const operatorAlerts = {
  tokenDead: () =>
    nfc(
      `Kênh Zalo OA đã ngừng gửi tin: mã làm mới (refresh token) của OA không còn hiệu lực. ` +
        `Quản trị viên cần cấp quyền lại cho ứng dụng trên developers.zalo.me, đặt ZALO_REFRESH_TOKEN mới và khởi động lại dịch vụ. ` +
        `Các tin nhắn chưa gửi được giữ lại.`,
    ),
} as const;

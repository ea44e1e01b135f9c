/**
 * The domain's vocabulary: one English name per concept, the Vietnamese term once, in its doc comment.
 * Pure values and types; every other module imports them from here.
 */

/** A channel a message can arrive or leave on (kênh). `web` is the site's question form. */
export const CHANNELS = ["telegram", "zalo", "email", "web"] as const;
export type Channel = (typeof CHANNELS)[number];

/** What an item is (loại): tin tức / hỏi đáp / phản ánh, kiến nghị / khiếu nại, tố cáo / rác. */
export const KINDS = ["news", "question", "feedback", "complaint", "spam"] as const;
export type Kind = (typeof KINDS)[number];

/** Field codes of the taxonomy (lĩnh vực), seeded at first start; operators may add more. */
export const FIELD_CODES = [
  "hanh-chinh",
  "dat-dai",
  "xa-hoi",
  "y-te",
  "giao-duc",
  "ha-tang",
  "moi-truong",
  "an-ninh",
  "kinh-te",
  "van-hoa",
  "cchc",
  "khac",
] as const;
export type SeedFieldCode = (typeof FIELD_CODES)[number];

/** The seeded taxonomy: code, Vietnamese name, what it covers. */
export const SEED_FIELDS: ReadonlyArray<{ code: SeedFieldCode; name: string; description: string }> = [
  { code: "hanh-chinh", name: "Hành chính", description: "Tư pháp, hộ tịch, chứng thực, cư trú" },
  { code: "dat-dai", name: "Đất đai", description: "Đất đai, xây dựng, quy hoạch" },
  { code: "xa-hoi", name: "Xã hội", description: "Lao động, BHXH, chính sách, người có công, bảo trợ" },
  { code: "y-te", name: "Y tế", description: "Y tế" },
  { code: "giao-duc", name: "Giáo dục", description: "Giáo dục" },
  { code: "ha-tang", name: "Hạ tầng", description: "Giao thông, điện, nước, chiếu sáng, thoát nước" },
  { code: "moi-truong", name: "Môi trường", description: "Môi trường" },
  { code: "an-ninh", name: "An ninh", description: "An ninh trật tự, PCCC, lừa đảo" },
  { code: "kinh-te", name: "Kinh tế", description: "Kinh tế, nông nghiệp, chợ" },
  { code: "van-hoa", name: "Văn hóa", description: "Văn hóa, thể thao, thông tin" },
  {
    code: "cchc",
    name: "Cải cách hành chính",
    description: "Cải cách hành chính, dịch vụ công trực tuyến, chuyển đổi số, VNeID",
  },
  { code: "khac", name: "Khác", description: "Các nội dung khác" },
];

/** A role on the editorial board or around it (vai trò). */
export const ROLES = ["head", "deputy", "member", "secretariat", "collaborator", "responder"] as const;
export type Role = (typeof ROLES)[number];

/** Urgency (mức ưu tiên): `high` is notified at once, whatever the hour. */
export const PRIORITIES = ["normal", "high"] as const;
export type Priority = (typeof PRIORITIES)[number];

/** The approval policy (quy trình duyệt): one decider, or a member then the head (`004` Điều 7.2). */
export const APPROVAL_POLICIES = ["single", "two-step"] as const;
export type ApprovalPolicy = (typeof APPROVAL_POLICIES)[number];

/** What a reviewer can decide (quyết định). */
export const DECISION_ACTIONS = ["approve", "reject", "request_changes", "forward"] as const;
export type DecisionAction = (typeof DECISION_ACTIONS)[number];

/**
 * The fixed list of rejection reasons (lý do từ chối), `000`/`002`/`003` Điều 3.9.
 * The code is the number a board member types or presses; the text is what the sender reads.
 */
export const REJECTION_REASONS = {
  1: "Không thuộc phạm vi của trang thông tin",
  2: "Trái với chủ trương, đường lối của Đảng, chính sách, pháp luật của Nhà nước",
  3: "Thuộc bí mật nhà nước",
  4: "Chưa được phép công bố hoặc chỉ được công bố hạn chế",
  5: "Không đúng sự thật",
  6: "Không rõ nguồn gốc",
  7: "Trùng lặp với nội dung đã đăng",
  8: "Đang được yêu cầu xác thực lại",
  9: "Chưa đạt yêu cầu về chất lượng",
} as const;
export type RejectionReasonCode = keyof typeof REJECTION_REASONS;
export const REJECTION_REASON_CODES = Object.keys(REJECTION_REASONS).map(Number) as RejectionReasonCode[];

export function isRejectionReasonCode(n: unknown): n is RejectionReasonCode {
  return typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= 9;
}

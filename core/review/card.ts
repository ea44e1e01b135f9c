/**
 * Rendering a review card (phiếu duyệt): what a reviewer sees, with the actions they have.
 */
import { randomBytes } from "node:crypto";
import type { CoreSettings } from "../context.ts";
import type { Kind, Priority } from "../domain.ts";
import { ACTION_LABELS, formatDateTime, KIND_LABELS, reasonText } from "../messages/vi.ts";
import type { CardAction, CardAttachment, CardOutcome, ReviewCard } from "../ports.ts";
import { excerpt } from "../text.ts";
import { formatTrackingCode } from "../tracking-code.ts";
import { isRejectionReasonCode, REJECTION_REASONS } from "../domain.ts";

/** 16 random bytes, URL-safe: short enough for a Telegram button, long enough not to guess. */
export function newReviewToken(): string {
  return randomBytes(16).toString("base64url");
}

export function cardActions(kind: Kind | null, stage: "first" | "final"): CardAction[] {
  if (stage === "final") return ["approve", "reject", "request_changes"];
  if (kind === "question" || kind === "feedback") return ["answer", "forward", "reject", "request_changes"];
  if (kind === "complaint") return ["approve", "forward", "reject"];
  return ["approve", "reject", "request_changes", "forward"];
}

export interface CardSource {
  trackingCode: string;
  kind: Kind | null;
  fieldCode: string | null;
  fieldName: string | null;
  priority: Priority;
  senderName: string | null;
  senderUnit: string | null;
  text: string;
  title: string | null;
  receivedAt: Date;
  deadlineAt: Date | null;
  late: boolean;
  duplicateOf: string | null;
  /** The duplicate is already on the site: rejection reason 7 (trùng lặp) is the suggested action. */
  duplicatePublished?: boolean;
  duplicateScore?: number | null;
  needsPerson: boolean;
  attachments: CardAttachment[];
}

/** What a card shows of an item, from the submission's row and what goes with it. */
export function cardSource(
  s: Pick<CardSource, "kind" | "priority" | "text" | "title" | "receivedAt" | "deadlineAt" | "late" | "needsPerson"> & {
    trackingNumber: number;
  },
  extra: {
    senderName: string | null;
    senderUnit: string | null;
    field: { code: string; name: string } | null;
    duplicateOf: number | null;
    /** The duplicate's status and the similarity score, when the item repeats another. */
    duplicateStatus?: string | null;
    duplicateScore?: number | null;
    attachments?: CardAttachment[];
  },
): CardSource {
  return {
    trackingCode: formatTrackingCode(s.trackingNumber),
    kind: s.kind,
    fieldCode: extra.field?.code ?? null,
    fieldName: extra.field?.name ?? null,
    priority: s.priority,
    senderName: extra.senderName,
    senderUnit: extra.senderUnit,
    text: s.text,
    title: s.title,
    receivedAt: s.receivedAt,
    deadlineAt: s.deadlineAt,
    late: s.late,
    duplicateOf: extra.duplicateOf ? formatTrackingCode(extra.duplicateOf) : null,
    duplicatePublished: extra.duplicateStatus === "published" || extra.duplicateStatus === "answered",
    duplicateScore: extra.duplicateScore ?? null,
    needsPerson: s.needsPerson,
    attachments: extra.attachments ?? [],
  };
}

/** Rejection reason 7: the content is already published (`000`/`002`/`003` Điều 3.9). */
const DUPLICATE_REASON = 7;

/** "Có thể trùng với: TB-0042 (độ giống 0,83) — đã đăng. Đề nghị: từ chối, lý do 7 (…)". */
function duplicateLine(src: CardSource): string {
  const score = src.duplicateScore != null ? ` (độ giống ${src.duplicateScore.toFixed(2).replace(".", ",")})` : "";
  const suggestion = src.duplicatePublished
    ? ` — đã đăng. Đề nghị: từ chối, lý do ${DUPLICATE_REASON} (${REJECTION_REASONS[DUPLICATE_REASON]}).`
    : "";
  return `Có thể trùng với: ${src.duplicateOf}${score}${suggestion}`;
}

/** "2 ảnh, 1 tệp": what came with the item, in words. */
export function attachmentSummary(attachments: readonly Pick<CardAttachment, "contentType">[]): string | null {
  if (attachments.length === 0) return null;
  const count = (test: (t: string) => boolean) => attachments.filter((a) => test(a.contentType)).length;
  const parts = [
    [count((t) => t.startsWith("image/")), "ảnh"],
    [count((t) => t.startsWith("video/")), "video"],
    [count((t) => t.startsWith("audio/")), "ghi âm"],
    [count((t) => !/^(image|video|audio)\//.test(t)), "tệp"],
  ] as const;
  return parts
    .filter(([n]) => n > 0)
    .map(([n, what]) => `${n} ${what}`)
    .join(", ");
}

export function renderCard(
  src: CardSource,
  req: { id: string; token: string; stage: "first" | "final" },
  settings: Pick<CoreSettings, "publicBaseUrl" | "timeZone">,
): ReviewCard {
  const kindLabel = src.kind ? KIND_LABELS[src.kind] : "Chưa phân loại";
  const actions = cardActions(src.kind, req.stage);
  const body = excerpt(src.title ? `${src.title}\n${src.text}` : src.text, 600);
  const senderName = src.senderName ?? "Người gửi chưa cho biết tên";
  const lines = [
    `${src.priority === "high" ? "[KHẨN] " : ""}${kindLabel}${src.fieldName ? ` · ${src.fieldName}` : ""} — ${src.trackingCode}`,
    `Người gửi: ${senderName}${src.senderUnit ? ` (${src.senderUnit})` : ""}`,
    `Nhận lúc: ${formatDateTime(src.receivedAt, settings.timeZone)}` +
      (src.deadlineAt ? ` · Hạn gửi: ${formatDateTime(src.deadlineAt, settings.timeZone)}` : "") +
      (src.late ? " · TRỄ HẠN" : ""),
    ...(src.duplicateOf ? [duplicateLine(src)] : []),
    ...(src.attachments.length ? [`Đính kèm: ${attachmentSummary(src.attachments)}`] : []),
    ...(src.needsPerson ? ["Chưa chắc chắn về phân loại: đề nghị kiểm tra lại."] : []),
    ...(req.stage === "final" ? ["Đã qua bước duyệt thứ nhất, chờ Trưởng ban duyệt."] : []),
    "",
    body,
  ];
  return {
    reviewRequestId: req.id,
    token: req.token,
    trackingCode: src.trackingCode,
    kind: src.kind,
    kindLabel,
    fieldCode: src.fieldCode,
    fieldName: src.fieldName,
    priority: src.priority,
    senderName,
    senderUnit: src.senderUnit,
    excerpt: body,
    receivedAt: src.receivedAt.toISOString(),
    deadlineAt: src.deadlineAt?.toISOString() ?? null,
    late: src.late,
    duplicateOf: src.duplicateOf,
    suggestedRejection: src.duplicateOf && src.duplicatePublished ? DUPLICATE_REASON : null,
    attachments: src.attachments,
    stage: req.stage,
    actions,
    webUrl: `${settings.publicBaseUrl}/theo-doi/${src.trackingCode}`,
    text: lines.join("\n").normalize("NFC"),
  };
}

/** How a card reads once decided: the outcome, who, when; its actions are gone. */
export function renderOutcome(
  p: {
    action: CardOutcome["action"];
    deciderName: string;
    decidedAt: Date;
    reasonCode?: number | null;
    note?: string | null;
  },
  timeZone: string,
): CardOutcome {
  const when = formatDateTime(p.decidedAt, timeZone);
  const reason =
    p.action === "reject" && isRejectionReasonCode(p.reasonCode)
      ? ` — lý do ${p.reasonCode}: ${reasonText(p.reasonCode)}`
      : "";
  const note = p.note ? ` (${p.note})` : "";
  return {
    action: p.action,
    deciderName: p.deciderName,
    decidedAt: p.decidedAt.toISOString(),
    text: `${ACTION_LABELS[p.action]} bởi ${p.deciderName} lúc ${when}${reason}${note}`.normalize("NFC"),
  };
}

/**
 * Classifying (phân loại): kind, field and urgency from the text; for news, the event date and
 * the sending deadline (late items are flagged, not dropped); the earlier item this one repeats,
 * if any, with a similarity score. Re-reads the row and does nothing when the item has moved on,
 * so a retried or duplicated job is harmless.
 */
import { newsDeadline, type Deadline } from "../classify/deadline.ts";
import type { CoreDeps } from "../context.ts";
import { prepared } from "../db.ts";
import { findDuplicate } from "../duplicates/find.ts";
import { duplicateKeys, matchText } from "../duplicates/similarity.ts";
import { findField } from "../fields.ts";
import { normalizeMessage } from "../text/normalize.ts";
import { requestReview } from "../review/request-review.ts";
import { formatTrackingCode } from "../tracking-code.ts";

export type StepResult = "done" | "skipped";

interface Row {
  id: string;
  status: string;
  text: string;
  title: string | null;
  channel: "telegram" | "zalo" | "email" | "web";
  round: number;
  receivedAt: Date;
  fieldHint: string | null;
  roles: string[] | null;
}

/**
 * Three statements: one read (the item and its sender's roles), one read of duplicate candidates
 * (a GIN index on locality-sensitive keys), and one write that claims the transition and appends the audit event together —
 * one statement is atomic on its own, so no interactive transaction is needed on this hot path.
 */
export async function classifySubmission(
  deps: CoreDeps,
  submissionId: string,
  opts: {
    /** False when the caller asks for review itself, in the same job (see `screenSubmission`). */
    enqueueReview?: boolean;
  } = {},
): Promise<StepResult> {
  const sql = deps.db.sql;
  const { rows } = await sql.query<Row>(
    prepared(
      "classify-read",
      `SELECT s.id, s.status, s.text, s.title, s.channel, s.round, s."receivedAt", s."fieldHint",
            array_agg(r.role::text) FILTER (WHERE r.role IS NOT NULL) AS roles
       FROM "Submission" s
       LEFT JOIN "RoleMembership" r ON r."personId" = s."senderId" AND r."revokedAt" IS NULL
      WHERE s.id = $1
      GROUP BY s.id`,
      [submissionId],
    ),
  );
  const s = rows[0];
  if (!s || s.status !== "received") return "skipped";

  const c = deps.classifier.classify({
    text: s.text,
    subject: s.title ?? undefined,
    channel: s.channel,
    senderRoles: s.roles ?? [],
  });
  // The sender's own choice of field (the website's form) decides; the classifier's guess is kept.
  const chosen = s.fieldHint ? await findField(deps.db, { code: s.fieldHint }) : null;
  const field = chosen ?? (await findField(deps.db, { code: c.field }));
  const needsPerson = c.confidence < deps.settings.confidenceThreshold;
  const reasons = [...c.reasons];
  if (chosen && chosen.code !== c.field) reasons.push(`lĩnh vực: người gửi chọn ${chosen.code} (máy đoán ${c.field})`);

  const deadline: Deadline | null =
    c.kind === "news"
      ? newsDeadline(normalizeMessage({ text: s.text, subject: s.title }).text, s.receivedAt, deps.settings)
      : null;
  if (deadline) {
    reasons.push(
      `hạn gửi: ${deadline.workingDays} ngày làm việc từ "${deadline.phrase}"${deadline.late ? " — TRỄ HẠN" : ""}`,
    );
  }

  // Spam repeats nothing worth linking; everything else is compared with what is in review or out.
  const comparable = c.kind === "spam" ? null : matchText({ text: s.text, subject: s.title });
  const keys = comparable ? duplicateKeys(comparable) : [];
  const duplicate = comparable ? await findDuplicate(sql, s.id, comparable, keys) : null;
  if (duplicate) {
    reasons.push(
      `trùng lặp: ${formatTrackingCode(duplicate.trackingNumber)} (độ giống ${duplicate.score.toFixed(2)}` +
        `${duplicate.status === "published" || duplicate.status === "answered" ? ", đã đăng" : ""})`,
    );
  }

  const event = {
    kind: c.kind,
    field: field?.code ?? c.field,
    confidence: c.confidence,
    priority: c.priority,
    needsPerson,
    ...(deadline && {
      eventDate: deadline.eventDate.toISOString(),
      deadlineAt: deadline.deadlineAt.toISOString(),
      category: deadline.category,
      late: deadline.late,
    }),
    ...(duplicate && { duplicateOf: duplicate.id, duplicateScore: duplicate.score }),
  };

  const moved = await sql.query(
    prepared(
      "classify-write",
      `WITH moved AS (
       UPDATE "Submission"
          SET status = 'classified', "statusAt" = now(), "updatedAt" = now(), kind = $2, "fieldId" = $3,
              priority = $4, classifier = $5, confidence = $6, scores = $7::jsonb, reasons = $8::text[], "needsPerson" = $9,
              "eventDate" = $11, "deadlineAt" = $12, late = $13, "duplicateOfId" = $14, "duplicateScore" = $15,
              "matchText" = $16
        WHERE id = $1 AND status = 'received'
        RETURNING id),
     keyed AS (
       INSERT INTO "DuplicateKey" (key, "submissionId")
       SELECT DISTINCT k, moved.id FROM moved, unnest($17::int[]) AS k
       ON CONFLICT DO NOTHING)
     INSERT INTO "AuditEvent" (via, action, "submissionId", data)
     SELECT 'system', 'submission.classified', id, $10::jsonb FROM moved`,
      [
        s.id,
        c.kind,
        field?.id ?? null,
        c.priority,
        deps.classifier.name,
        c.confidence,
        JSON.stringify(c.scores),
        reasons,
        needsPerson,
        JSON.stringify(event),
        deadline?.eventDate ?? null,
        deadline?.deadlineAt ?? null,
        deadline?.late ?? false,
        duplicate?.id ?? null,
        duplicate?.score ?? null,
        comparable,
        keys,
      ],
    ),
  );
  if (moved.rowCount === 0) return "skipped";
  if (opts.enqueueReview !== false)
    await deps.jobs.enqueue([{ name: "request-review", data: { submissionId: s.id, round: s.round } }]);
  return "done";
}

/**
 * Screening (xử lý) in one go: classify, then ask the reviewers, in the same job. Each half claims
 * its own transition, so a retry after a crash between them skips the first and does the second;
 * an item nobody can review yet stays `classified` for the sweeper, as before.
 */
export async function screenSubmission(deps: CoreDeps, submissionId: string): Promise<StepResult> {
  const classified = await classifySubmission(deps, submissionId, { enqueueReview: false });
  const reviewed = await requestReview(deps, submissionId);
  return classified === "done" || reviewed === "done" ? "done" : "skipped";
}

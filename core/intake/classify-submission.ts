/**
 * Classifying (phân loại): kind, field and urgency from the text. Re-reads the row and does
 * nothing when the item has moved on, so a retried or duplicated job is harmless.
 */
import type { CoreDeps } from "../context.ts";
import { prepared } from "../db.ts";
import { findField } from "../fields.ts";

export type StepResult = "done" | "skipped";

interface Row {
  id: string;
  status: string;
  text: string;
  title: string | null;
  channel: "telegram" | "zalo" | "email" | "web";
  round: number;
  roles: string[] | null;
}

/**
 * Two statements: one read (the item and its sender's roles), and one write that claims the
 * transition and appends the audit event together — one statement is atomic on its own, so no
 * interactive transaction is needed on this hot path.
 */
export async function classifySubmission(deps: CoreDeps, submissionId: string): Promise<StepResult> {
  const sql = deps.db.sql;
  const { rows } = await sql.query<Row>(
    prepared(
      "classify-read",
      `SELECT s.id, s.status, s.text, s.title, s.channel, s.round,
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
  const field = await findField(deps.db, { code: c.field });
  const needsPerson = c.confidence < deps.settings.confidenceThreshold;
  const event = { kind: c.kind, field: c.field, confidence: c.confidence, priority: c.priority, needsPerson };

  const moved = await sql.query(
    prepared(
      "classify-write",
      `WITH moved AS (
       UPDATE "Submission"
          SET status = 'classified', "statusAt" = now(), "updatedAt" = now(), kind = $2, "fieldId" = $3,
              priority = $4, classifier = $5, confidence = $6, scores = $7::jsonb, reasons = $8::text[], "needsPerson" = $9
        WHERE id = $1 AND status = 'received'
        RETURNING id)
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
        c.reasons,
        needsPerson,
        JSON.stringify(event),
      ],
    ),
  );
  if (moved.rowCount === 0) return "skipped";
  await deps.jobs.enqueue([{ name: "request-review", data: { submissionId: s.id, round: s.round } }]);
  return "done";
}

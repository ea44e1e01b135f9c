/**
 * Classifying (phân loại): kind, field and urgency from the text. Re-reads the row and does
 * nothing when the item has moved on, so a retried or duplicated job is harmless.
 */
import { audit } from "../audit.ts";
import type { CoreDeps } from "../context.ts";
import type { Prisma } from "../db.ts";
import { findField } from "../fields.ts";

export type StepResult = "done" | "skipped";

export async function classifySubmission(deps: CoreDeps, submissionId: string): Promise<StepResult> {
  const s = await deps.db.submission.findUnique({
    where: { id: submissionId },
    include: { sender: { include: { roles: { where: { revokedAt: null } } } } },
  });
  if (!s || s.status !== "received") return "skipped";

  const c = deps.classifier.classify({
    text: s.text,
    subject: s.title ?? undefined,
    channel: s.channel,
    senderRoles: s.sender.roles.map((r) => r.role),
  });
  const field = await findField(deps.db, { code: c.field });
  const needsPerson = c.confidence < deps.settings.confidenceThreshold;

  const moved = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.submission.updateMany({
      where: { id: s.id, status: "received" },
      data: {
        status: "classified",
        statusAt: new Date(),
        kind: c.kind,
        fieldId: field?.id ?? null,
        priority: c.priority,
        classifier: deps.classifier.name,
        confidence: c.confidence,
        scores: c.scores as unknown as Prisma.InputJsonValue,
        reasons: c.reasons,
        needsPerson,
      },
    });
    if (count === 0) return false;
    await audit(tx, {
      via: "system",
      action: "submission.classified",
      submissionId: s.id,
      data: { kind: c.kind, field: c.field, confidence: c.confidence, priority: c.priority, needsPerson },
    });
    return true;
  });
  if (!moved) return "skipped";
  await deps.jobs.enqueue([{ name: "request-review", data: { submissionId: s.id, round: s.round } }]);
  return "done";
}

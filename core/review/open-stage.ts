/**
 * Opening a review stage: the reviewers are decided, each gets a review request and a card in
 * the delivery log, all in the caller's transaction. Delivery happens in `send-message` jobs.
 */
import { audit } from "../audit.ts";
import type { CoreDeps } from "../context.ts";
import type { Prisma, Tx } from "../db.ts";
import { notifyAddress } from "../notify/address.ts";
import { recordOutbound } from "../notify/outbound.ts";
import type { FollowUp } from "../ports.ts";
import { formatTrackingCode } from "../tracking-code.ts";
import { newReviewToken, renderCard } from "./card.ts";
import { routeReviewers } from "./route.ts";

export async function openReviewStage(
  tx: Tx,
  deps: Pick<CoreDeps, "settings">,
  submissionId: string,
  stage: "first" | "final",
): Promise<{ followUps: FollowUp[]; reviewers: number }> {
  const s = await tx.submission.findUniqueOrThrow({
    where: { id: submissionId },
    include: {
      field: true,
      duplicateOf: { select: { trackingNumber: true } },
      sender: { include: { roles: { where: { revokedAt: null } } } },
    },
  });
  const reviewers = await routeReviewers(tx, s, stage, deps.settings.approvalPolicy);
  const senderUnit = s.sender.workplace ?? s.sender.roles.find((r) => r.unit)?.unit ?? null;
  const followUps: FollowUp[] = [];
  for (const r of reviewers) {
    const req = await tx.reviewRequest.create({
      data: { submissionId, reviewerId: r.personId, role: r.role, stage, round: s.round, token: newReviewToken() },
    });
    const card = renderCard(
      {
        trackingCode: formatTrackingCode(s.trackingNumber),
        kind: s.kind,
        fieldCode: s.field?.code ?? null,
        fieldName: s.field?.name ?? null,
        priority: s.priority,
        senderName: s.sender.fullName,
        senderUnit,
        text: s.text,
        title: s.title,
        receivedAt: s.receivedAt,
        deadlineAt: s.deadlineAt,
        late: s.late,
        duplicateOf: s.duplicateOf ? formatTrackingCode(s.duplicateOf.trackingNumber) : null,
        needsPerson: s.needsPerson,
      },
      { id: req.id, token: req.token, stage },
      deps.settings,
    );
    const to = await notifyAddress(tx, deps, r.personId);
    if (!to) {
      // Still a valid request: the reviewer can decide from the command line or another channel later.
      await audit(tx, { via: "system", action: "review.unreachable", submissionId, data: { reviewerId: r.personId } });
      continue;
    }
    followUps.push(
      await recordOutbound(tx, { personId: r.personId, ...to }, submissionId, {
        kind: "review_card",
        template: "review_card",
        params: card as unknown as Prisma.InputJsonValue,
        text: card.text,
        reviewRequestId: req.id,
      }),
    );
  }
  await audit(tx, {
    via: "system",
    action: "review.requested",
    submissionId,
    data: { stage, round: s.round, reviewers: reviewers.map((r) => ({ personId: r.personId, role: r.role })) },
  });
  return { followUps, reviewers: reviewers.length };
}

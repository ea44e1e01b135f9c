/**
 * Opening a review stage: the reviewers are decided, each gets a review request and a card in
 * the delivery log, all in the caller's transaction. Delivery happens in `send-message` jobs.
 * A handful of statements whatever the board's size: this runs for every item.
 */
import { randomUUID } from "node:crypto";
import { audit } from "../audit.ts";
import type { CoreDeps } from "../context.ts";
import type { Prisma, Tx } from "../db.ts";
import { findField } from "../fields.ts";
import { pickAddress, recordOutbounds, type OutboundRow } from "../notify/outbound.ts";
import type { FollowUp } from "../ports.ts";
import { cardSource, newReviewToken, renderCard } from "./card.ts";
import { loadBoard, routeReviewers } from "./route.ts";

export async function openReviewStage(
  tx: Tx,
  deps: Pick<CoreDeps, "settings">,
  submissionId: string,
  stage: "first" | "final",
): Promise<{ followUps: FollowUp[]; reviewers: number }> {
  const s = await tx.submission.findUniqueOrThrow({
    where: { id: submissionId },
    include: {
      sender: { select: { fullName: true, workplace: true } },
      attachments: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], include: { inboundMessage: true } },
    },
  });
  // One connection in a transaction: the statements go one after another.
  const board = await loadBoard(tx);
  const field = s.fieldId ? await findField(tx, { id: s.fieldId }) : null;
  const duplicateOf = s.duplicateOfId
    ? await tx.submission.findUnique({ where: { id: s.duplicateOfId }, select: { trackingNumber: true, status: true } })
    : null;
  const senderUnit =
    s.sender.workplace ??
    (await tx.roleMembership.findFirst({ where: { personId: s.senderId, revokedAt: null, unit: { not: null } } }))
      ?.unit ??
    null;
  const reviewers = routeReviewers(board, s, stage, deps.settings.approvalPolicy);
  const identities = await tx.identity.findMany({ where: { personId: { in: reviewers.map((r) => r.personId) } } });

  const requests = reviewers.map((r) => ({
    id: randomUUID(),
    submissionId,
    reviewerId: r.personId,
    role: r.role,
    stage,
    round: s.round,
    token: newReviewToken(),
  }));
  await tx.reviewRequest.createMany({ data: requests });

  const source = cardSource(s, {
    senderName: s.sender.fullName,
    senderUnit,
    field,
    duplicateOf: duplicateOf?.trackingNumber ?? null,
    duplicateStatus: duplicateOf?.status ?? null,
    duplicateScore: s.duplicateScore,
    attachments: s.attachments.map((a) => ({
      sha256: a.sha256,
      contentType: a.contentType,
      originalName: a.originalName,
      size: a.size,
      channel: a.inboundMessage?.channel ?? s.channel,
      externalRef: a.externalRef,
    })),
  });
  const cardFor = (req: { id: string; token: string }, to: OutboundRow["to"]): OutboundRow => {
    const card = renderCard(source, { id: req.id, token: req.token, stage }, deps.settings);
    return {
      to,
      submissionId,
      draft: {
        kind: "review_card",
        template: "review_card",
        params: card as unknown as Prisma.InputJsonValue,
        text: card.text,
        reviewRequestId: req.id,
      },
    };
  };
  const cards: OutboundRow[] = [];
  const unreachable: string[] = [];
  requests.forEach((req, i) => {
    const r = reviewers[i]!;
    const to = pickAddress(
      identities.filter((id) => id.personId === r.personId),
      deps.settings.reachableChannels,
      r.reviewChannel,
    );
    // Still a valid request without an address: the reviewer can decide from the CLI or another channel later.
    if (!to) return void unreachable.push(r.personId);
    cards.push(cardFor(req, { personId: r.personId, ...to }));
  });
  // The board chats get a copy too, carrying the first request's token (see request-review.ts).
  if (requests.length > 0)
    for (const chat of deps.settings.boardChats ?? [])
      if (deps.settings.reachableChannels.includes(chat.channel))
        cards.push(cardFor(requests[0]!, { personId: null, ...chat }));
  const followUps = await recordOutbounds(tx, cards);
  await audit(tx, {
    via: "system",
    action: "review.requested",
    submissionId,
    data: {
      stage,
      round: s.round,
      reviewers: reviewers.map((r) => ({ personId: r.personId, role: r.role })),
      ...(unreachable.length > 0 ? { unreachable } : {}),
    },
  });
  return { followUps, reviewers: reviewers.length };
}

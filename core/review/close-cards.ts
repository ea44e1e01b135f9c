/**
 * Once decided, every copy of the card, in every chat, is edited to show the outcome, who and
 * when, without its actions. One `card_update` per card in the delivery log.
 */
import type { Prisma, Tx } from "../db.ts";
import type { CardOutcome } from "../ports.ts";
import { recordOutbounds } from "../notify/outbound.ts";
import type { FollowUp } from "../ports.ts";

export async function closeCards(
  tx: Tx,
  where: { submissionId: string; round: number; stage?: "first" | "final" },
  outcome: CardOutcome,
): Promise<FollowUp[]> {
  const cards = await tx.outboundMessage.findMany({
    where: {
      kind: "review_card",
      submissionId: where.submissionId,
      reviewRequest: { round: where.round, ...(where.stage ? { stage: where.stage } : {}) },
    },
  });
  return recordOutbounds(
    tx,
    cards.map((card) => ({
      to: { personId: card.recipientId, channel: card.channel, address: card.address },
      submissionId: where.submissionId,
      draft: {
        kind: "card_update" as const,
        template: "card_outcome",
        params: outcome as unknown as Prisma.InputJsonValue,
        text: outcome.text,
        reviewRequestId: card.reviewRequestId,
        updatesId: card.id,
      },
    })),
  );
}

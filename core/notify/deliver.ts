/**
 * Delivering one outbound message through its channel's sender, and recording what happened.
 * A message is sent at most once per successful record: a retry after a crash between the
 * provider's acceptance and our record may send it twice (the only duplicate the design allows).
 */
import { audit } from "../audit.ts";
import type { CoreDeps } from "../context.ts";
import { DeliveryError, PermanentError } from "../errors.ts";
import type { StepResult } from "../intake/classify-submission.ts";
import type { AnswerMessage, CardOutcome, ChannelSenders, Recipient, ReviewCard } from "../ports.ts";

export async function deliverOutbound(
  deps: Pick<CoreDeps, "db" | "log">,
  senders: ChannelSenders,
  outboundMessageId: string,
): Promise<StepResult> {
  const db = deps.db;
  const m = await db.outboundMessage.findUnique({ where: { id: outboundMessageId } });
  if (!m || m.status !== "pending") return "skipped";

  const markSkipped = async (why: string) => {
    await db.outboundMessage.updateMany({
      where: { id: m.id, status: "pending" },
      data: { status: "skipped", lastError: why },
    });
    return "skipped" as const;
  };
  const to: Recipient = { personId: m.recipientId, address: m.address };
  const sender = senders[m.channel];
  if (!sender) {
    await fail(deps, m, `no sender is configured for channel ${m.channel}`, false);
    throw new PermanentError(`no sender for ${m.channel}`);
  }

  let ref: string | null = null;
  try {
    switch (m.kind) {
      case "review_card": {
        // A card for an item someone already decided would only mislead.
        const request = m.reviewRequestId
          ? await db.reviewRequest.findUnique({ where: { id: m.reviewRequestId }, select: { status: true } })
          : null;
        if (request && request.status !== "pending") return markSkipped("decided before delivery");
        ref = await sender.sendReviewCard(to, m.params as unknown as ReviewCard);
        break;
      }
      case "card_update": {
        const card = m.updatesId ? await db.outboundMessage.findUnique({ where: { id: m.updatesId } }) : null;
        if (!card || card.status === "skipped" || card.status === "failed" || card.status === "unreachable") {
          return markSkipped("the card was never delivered");
        }
        // The card is still on its way: retry later rather than leave its buttons live.
        if (card.status === "pending" || !card.externalRef) throw new Error("card not yet delivered");
        await sender.updateReviewCard(
          to,
          card.externalRef,
          card.params as unknown as ReviewCard,
          m.params as unknown as CardOutcome,
        );
        break;
      }
      case "answer":
        ref = await sender.sendAnswer(to, m.params as unknown as AnswerMessage);
        break;
      case "text":
        ref = await sender.sendText(to, m.text);
        break;
    }
  } catch (e) {
    if (e instanceof DeliveryError && (e.permanent || e.unreachable)) {
      await fail(deps, m, e.message, e.unreachable);
      if (e.unreachable) return "done";
      throw new PermanentError(e.message);
    }
    await db.outboundMessage.update({
      where: { id: m.id },
      data: { attempts: { increment: 1 }, lastError: e instanceof Error ? e.message.slice(0, 500) : String(e) },
    });
    throw e;
  }
  await db.outboundMessage.update({
    where: { id: m.id },
    data: { status: "sent", sentAt: new Date(), externalRef: ref, attempts: { increment: 1 }, lastError: null },
  });
  return "done";
}

/** Records a message that cannot be delivered; the item shows "could not notify" to the secretariat. */
async function fail(
  deps: Pick<CoreDeps, "db" | "log">,
  m: { id: string; submissionId: string | null; kind: string; channel: string },
  reason: string,
  unreachable: boolean,
) {
  await deps.db.$transaction(async (tx) => {
    await tx.outboundMessage.update({
      where: { id: m.id },
      data: {
        status: unreachable ? "unreachable" : "failed",
        attempts: { increment: 1 },
        lastError: reason.slice(0, 500),
      },
    });
    if (m.submissionId && (m.kind === "text" || m.kind === "answer")) {
      await tx.submission.update({ where: { id: m.submissionId }, data: { notifyFailedAt: new Date() } });
    }
    await audit(tx, {
      via: "system",
      action: unreachable ? "delivery.unreachable" : "delivery.failed",
      submissionId: m.submissionId,
      data: { outboundMessageId: m.id, channel: m.channel, reason: reason.slice(0, 500) },
    });
  });
  deps.log.warn({ outboundMessageId: m.id, channel: m.channel, reason }, "message could not be delivered");
}

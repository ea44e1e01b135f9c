/**
 * Delivering one outbound message through its channel's sender, and recording what happened.
 * A message is sent at most once per successful record: a retry after a crash between the
 * provider's acceptance and our record may send it twice (the only duplicate the design allows).
 */
import { audit } from "../audit.ts";
import type { CoreDeps } from "../context.ts";
import { prepared, type Prisma } from "../db.ts";
import { DeliveryError, PermanentError } from "../errors.ts";
import type { StepResult } from "../intake/classify-submission.ts";
import type { Channel } from "../domain.ts";
import type { AnswerMessage, CardOutcome, ChannelSenders, FollowUp, Recipient, ReviewCard } from "../ports.ts";
import { pickAddress, recordOutbound } from "./outbound.ts";

interface Row {
  id: string;
  channel: Channel;
  kind: "text" | "review_card" | "card_update" | "answer";
  recipientId: string | null;
  address: string;
  submissionId: string | null;
  reviewRequestId: string | null;
  template: string;
  params: unknown;
  text: string;
  status: string;
  /** For a card: its review request's status. For a card update: the card's status, ref and content. */
  requestStatus: string | null;
  cardStatus: string | null;
  cardRef: string | null;
  cardParams: unknown;
}

/**
 * One read (the message with what it depends on) and one write: this runs for every message.
 * With `settings` and `jobs`, a recipient unreachable on this channel (Zalo's 7-day window) is
 * sent the same message on another channel they have.
 */
export async function deliverOutbound(
  deps: Pick<CoreDeps, "db" | "log"> & Partial<Pick<CoreDeps, "settings" | "jobs">>,
  senders: ChannelSenders,
  outboundMessageId: string,
): Promise<StepResult> {
  const sql = deps.db.sql;
  const { rows } = await sql.query<Row>(
    prepared(
      "deliver-read",
      `SELECT o.id, o.channel, o.kind, o."recipientId", o.address, o."submissionId", o."reviewRequestId", o.template, o.params, o.text, o.status,
            rr.status AS "requestStatus", c.status AS "cardStatus", c."externalRef" AS "cardRef", c.params AS "cardParams"
       FROM "OutboundMessage" o
       LEFT JOIN "ReviewRequest" rr ON rr.id = o."reviewRequestId"
       LEFT JOIN "OutboundMessage" c ON c.id = o."updatesId"
      WHERE o.id = $1`,
      [outboundMessageId],
    ),
  );
  const m = rows[0];
  if (!m || m.status !== "pending") return "skipped";

  const markSkipped = async (why: string) => {
    await sql.query(
      `UPDATE "OutboundMessage" SET status = 'skipped', "lastError" = $2 WHERE id = $1 AND status = 'pending'`,
      [m.id, why],
    );
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
      case "review_card":
        // A card for an item someone already decided would only mislead.
        if (m.requestStatus && m.requestStatus !== "pending") return markSkipped("decided before delivery");
        ref = await sender.sendReviewCard(to, m.params as ReviewCard);
        break;
      case "card_update":
        if (
          !m.cardStatus ||
          m.cardStatus === "skipped" ||
          m.cardStatus === "failed" ||
          m.cardStatus === "unreachable"
        ) {
          return markSkipped("the card was never delivered");
        }
        // The card is still on its way: retry later rather than leave its buttons live.
        if (m.cardStatus === "pending" || !m.cardRef) throw new Error("card not yet delivered");
        await sender.updateReviewCard(to, m.cardRef, m.cardParams as ReviewCard, m.params as CardOutcome);
        break;
      case "answer":
        ref = await sender.sendAnswer(to, m.params as AnswerMessage);
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
    const message = e instanceof Error ? e.message.slice(0, 500) : String(e);
    await sql.query(`UPDATE "OutboundMessage" SET attempts = attempts + 1, "lastError" = $2 WHERE id = $1`, [
      m.id,
      message,
    ]);
    throw e;
  }
  await sql.query(
    prepared(
      "deliver-sent",
      `UPDATE "OutboundMessage" SET status = 'sent', "sentAt" = now(), "externalRef" = $2, attempts = attempts + 1, "lastError" = NULL
      WHERE id = $1`,
      [m.id, ref],
    ),
  );
  return "done";
}

/**
 * Records a message that cannot be delivered. An unreachable recipient gets it on another channel
 * they have, when one is running; otherwise the item shows "could not notify" to the secretariat.
 */
async function fail(
  deps: Pick<CoreDeps, "db" | "log"> & Partial<Pick<CoreDeps, "settings" | "jobs">>,
  m: Pick<
    Row,
    "id" | "submissionId" | "kind" | "channel" | "recipientId" | "reviewRequestId" | "template" | "params" | "text"
  >,
  reason: string,
  unreachable: boolean,
) {
  let rerouted: FollowUp | null = null;
  let reroutedTo: Channel | null = null;
  await deps.db.$transaction(async (tx) => {
    await tx.outboundMessage.update({
      where: { id: m.id },
      data: {
        status: unreachable ? "unreachable" : "failed",
        attempts: { increment: 1 },
        lastError: reason.slice(0, 500),
      },
    });
    // A card update follows its card's channel: the card itself was what had to reach them.
    if (unreachable && m.recipientId && m.kind !== "card_update" && deps.settings && deps.jobs) {
      const others = await tx.identity.findMany({ where: { personId: m.recipientId, channel: { not: m.channel } } });
      const to = pickAddress(
        others,
        deps.settings.reachableChannels.filter((c) => c !== m.channel),
        null,
      );
      if (to) {
        reroutedTo = to.channel;
        rerouted = await recordOutbound(tx, { personId: m.recipientId, ...to }, m.submissionId, {
          kind: m.kind,
          template: m.template,
          params: m.params as Prisma.InputJsonValue,
          text: m.text,
          reviewRequestId: m.reviewRequestId,
        });
      }
    }
    if (!rerouted && m.submissionId && (m.kind === "text" || m.kind === "answer")) {
      await tx.submission.update({ where: { id: m.submissionId }, data: { notifyFailedAt: new Date() } });
    }
    await audit(tx, {
      via: "system",
      action: unreachable ? "delivery.unreachable" : "delivery.failed",
      submissionId: m.submissionId,
      data: { outboundMessageId: m.id, channel: m.channel, reason: reason.slice(0, 500), reroutedTo },
    });
  });
  if (rerouted) await deps.jobs!.enqueue([rerouted]);
  deps.log.warn({ outboundMessageId: m.id, channel: m.channel, reason }, "message could not be delivered");
}

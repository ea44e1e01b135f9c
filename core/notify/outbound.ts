/**
 * Deciding where a message goes and recording it in the delivery log. Delivery itself happens
 * later, in a `send-message` job per row, so it can retry and rate-limit on its own.
 */
import { audit } from "../audit.ts";
import type { CoreDeps } from "../context.ts";
import type { Prisma, Tx } from "../db.ts";
import type { Channel } from "../domain.ts";
import type { FollowUp } from "../ports.ts";

/** Preference when a person is reachable on several channels and none is implied. */
export const CHANNEL_PREFERENCE: readonly Channel[] = ["telegram", "zalo", "email"];

interface IdentityRow {
  channel: Channel;
  externalId: string;
  chatId: string | null;
}

/** Where to reach a person: the preferred channel first, then any other reachable one. */
export function pickAddress(
  identities: readonly IdentityRow[],
  reachable: readonly Channel[],
  preferred: Channel | null,
): { channel: Channel; address: string } | null {
  const order = preferred ? [preferred, ...CHANNEL_PREFERENCE.filter((c) => c !== preferred)] : CHANNEL_PREFERENCE;
  for (const channel of order) {
    if (!reachable.includes(channel)) continue;
    const id = identities.find((i) => i.channel === channel);
    if (id) return { channel, address: id.chatId ?? id.externalId };
  }
  return null;
}

export interface OutboundDraft {
  kind: "text" | "review_card" | "card_update" | "answer";
  template: string;
  params: Prisma.InputJsonValue;
  text: string;
  reviewRequestId?: string | null;
  updatesId?: string | null;
}

/** Records one outbound message and returns its delivery job. */
export async function recordOutbound(
  tx: Tx,
  to: { personId: string | null; channel: Channel; address: string },
  submissionId: string | null,
  draft: OutboundDraft,
): Promise<FollowUp> {
  const row = await tx.outboundMessage.create({
    data: {
      channel: to.channel,
      kind: draft.kind,
      recipientId: to.personId,
      address: to.address,
      submissionId,
      reviewRequestId: draft.reviewRequestId ?? null,
      updatesId: draft.updatesId ?? null,
      template: draft.template,
      params: draft.params,
      text: draft.text,
    },
  });
  return { name: "send-message", data: { outboundMessageId: row.id, channel: to.channel } };
}

/**
 * Tells the sender of a submission something, on the channel they used (or another one they
 * have). When none can be reached the item is marked "could not notify" for the secretariat.
 */
export async function notifySender(
  tx: Tx,
  deps: Pick<CoreDeps, "settings">,
  submission: { id: string; senderId: string; channel: Channel },
  draft: OutboundDraft,
): Promise<FollowUp[]> {
  const identities = await tx.identity.findMany({ where: { personId: submission.senderId } });
  const to = pickAddress(identities, deps.settings.reachableChannels, submission.channel);
  if (!to) {
    await tx.submission.update({ where: { id: submission.id }, data: { notifyFailedAt: new Date() } });
    await audit(tx, {
      via: "system",
      action: "notify.unreachable",
      submissionId: submission.id,
      data: { template: draft.template },
    });
    return [];
  }
  return [await recordOutbound(tx, { personId: submission.senderId, ...to }, submission.id, draft)];
}

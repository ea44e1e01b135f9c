/**
 * Deciding where a message goes and recording it in the delivery log. Delivery itself happens
 * later, in a `send-message` job per row, so it can retry and rate-limit on its own.
 */
import { randomUUID } from "node:crypto";
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

export interface OutboundRow {
  to: { personId: string | null; channel: Channel; address: string };
  submissionId: string | null;
  draft: OutboundDraft;
}

/** Records outbound messages in one statement and returns their delivery jobs. */
export async function recordOutbounds(tx: Tx, rows: readonly OutboundRow[]): Promise<FollowUp[]> {
  if (rows.length === 0) return [];
  const withIds = rows.map((r) => ({ ...r, id: randomUUID() }));
  await tx.outboundMessage.createMany({
    data: withIds.map(({ id, to, submissionId, draft }) => ({
      id,
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
    })),
  });
  return withIds.map((r): FollowUp => ({
    name: "send-message",
    data: { outboundMessageId: r.id, channel: r.to.channel },
  }));
}

/** Records one outbound message and returns its delivery job. */
export async function recordOutbound(
  tx: Tx,
  to: OutboundRow["to"],
  submissionId: string | null,
  draft: OutboundDraft,
): Promise<FollowUp> {
  const [job] = await recordOutbounds(tx, [{ to, submissionId, draft }]);
  return job!;
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
  /** The identity the message came in on, when the caller has it: saves a query. */
  known?: IdentityRow,
): Promise<FollowUp[]> {
  const reachable = deps.settings.reachableChannels;
  const direct =
    known && known.channel === submission.channel ? pickAddress([known], reachable, submission.channel) : null;
  const to =
    direct ??
    pickAddress(
      await tx.identity.findMany({ where: { personId: submission.senderId } }),
      reachable,
      submission.channel,
    );
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

/**
 * Holding (tạm giữ): a message from a sender whose identity is not yet complete is stored as
 * received — the raw original, the attachments — but becomes an item only once the channel has
 * collected the missing details. Then every held message of that sender is accepted, in the
 * order it came, each with its own tracking code and acknowledgement.
 */
import { audit } from "../audit.ts";
import { now, type CoreDeps } from "../context.ts";
import { isUniqueViolation } from "../db.ts";
import type { Channel } from "../domain.ts";
import { senderMessages } from "../messages/vi.ts";
import { notifySender } from "../notify/outbound.ts";
import { canonicalExternalId, resolveSender } from "../people/people.ts";
import type { FollowUp } from "../ports.ts";
import { normalizeText } from "../text.ts";
import { formatTrackingCode } from "../tracking-code.ts";
import { storeInbound, type InboundInput, type Received } from "./receive.ts";

/** `InboundMessage.setAsideReason` of a message waiting for its sender's details. */
export const AWAITING_DETAILS = "awaiting-details";

export interface Held {
  inboundMessageId: string;
  personId: string;
  /** True when this message had been received before: nothing new was stored. */
  duplicate: boolean;
}

/** Stores an inbound message without making it an item yet, exactly once per channel + external id. */
export async function holdInbound(
  deps: CoreDeps,
  input: InboundInput,
  opts: {
    /** False when the display name is a nickname the sender chose (Telegram, Zalo): not their full name. */
    displayNameIsFullName?: boolean;
  } = {},
): Promise<Held> {
  return keepInbound(deps, input, AWAITING_DETAILS, opts.displayNameIsFullName !== false);
}

/**
 * Holds a message that belongs with one already held (a later photo of an album): when the held
 * message is accepted, this one and its files join the same item.
 */
export async function holdPart(deps: CoreDeps, heldInboundMessageId: string, input: InboundInput): Promise<Held> {
  return keepInbound(deps, input, `${PART_OF}${heldInboundMessageId}`, false);
}
const PART_OF = "part-of:";

/**
 * Stores an inbound message that will not become an item (a file too large, a file the channel
 * would not hand over), with the reason, for the operator to inspect; exactly once.
 */
export async function setAsideInbound(deps: CoreDeps, input: InboundInput, reason: string): Promise<Held> {
  return keepInbound(deps, input, reason, false);
}

async function keepInbound(
  deps: CoreDeps,
  input: InboundInput,
  reason: string,
  displayNameIsFullName: boolean,
): Promise<Held> {
  const receivedAt = input.receivedAt ?? now(deps);
  const fullName = displayNameIsFullName ? (input.sender.displayName ?? null) : null;
  try {
    return await deps.db.$transaction(async (tx) => {
      const { personId } = await resolveSender(tx, { channel: input.channel, ...input.sender }, receivedAt, fullName);
      const message = await storeInbound(tx, input, {
        personId,
        submissionId: null,
        text: normalizeText(input.text),
        subject: input.subject ? normalizeText(input.subject) : null,
        receivedAt,
        setAsideReason: reason,
      });
      return { inboundMessageId: message.id, personId, duplicate: false };
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    const first = await deps.db.inboundMessage.findUniqueOrThrow({
      where: { channel_externalId: { channel: input.channel, externalId: input.externalId } },
    });
    return { inboundMessageId: first.id, personId: first.personId!, duplicate: true };
  }
}

/** How many messages of this sender wait for their details. */
export async function countHeld(deps: Pick<CoreDeps, "db">, channel: Channel, senderExternalId: string) {
  return deps.db.inboundMessage.count({
    where: {
      channel,
      senderExternalId: canonicalExternalId(channel, senderExternalId),
      setAsideReason: AWAITING_DETAILS,
      submissionId: null,
    },
  });
}

/**
 * Accepts every held message of this sender as an item, now that their details are complete.
 * Each message is accepted in its own transaction and only once, however often this runs.
 */
export async function acceptHeld(deps: CoreDeps, channel: Channel, senderExternalId: string): Promise<Received[]> {
  const externalId = canonicalExternalId(channel, senderExternalId);
  const held = await deps.db.inboundMessage.findMany({
    where: { channel, senderExternalId: externalId, setAsideReason: AWAITING_DETAILS, submissionId: null },
    orderBy: { receivedAt: "asc" },
    select: { id: true },
  });
  const accepted: Received[] = [];
  for (const { id } of held) {
    const result = await deps.db.$transaction(async (tx) => {
      const claimed = await tx.inboundMessage.updateMany({
        where: { id, submissionId: null, setAsideReason: AWAITING_DETAILS },
        data: { setAsideReason: null },
      });
      if (claimed.count === 0) return null; // accepted meanwhile by a concurrent call
      const message = await tx.inboundMessage.findUniqueOrThrow({ where: { id } });
      // The identity decides whose item it is: it may have moved to a registered person since.
      const identity = await tx.identity.findUniqueOrThrow({
        where: { channel_externalId: { channel, externalId } },
      });
      const submission = await tx.submission.create({
        data: {
          senderId: identity.personId,
          channel,
          title: message.subject,
          text: message.text,
          receivedAt: message.receivedAt,
          statusAt: now(deps),
        },
      });
      await tx.inboundMessage.update({
        where: { id },
        data: { submissionId: submission.id, personId: identity.personId },
      });
      // Parts held with it (the rest of an album) join the same item.
      const parts = await tx.inboundMessage.findMany({
        where: { setAsideReason: `${PART_OF}${id}`, submissionId: null },
        select: { id: true },
      });
      const partIds = parts.map((p) => p.id);
      await tx.inboundMessage.updateMany({
        where: { id: { in: partIds } },
        data: { submissionId: submission.id, personId: identity.personId, setAsideReason: null },
      });
      await tx.attachment.updateMany({
        where: { inboundMessageId: { in: [id, ...partIds] } },
        data: { submissionId: submission.id },
      });
      const trackingCode = formatTrackingCode(submission.trackingNumber);
      await audit(tx, {
        actorId: identity.personId,
        via: channel,
        action: "submission.received",
        submissionId: submission.id,
        data: { inboundMessageId: id, trackingCode, held: true },
      });
      const sends = await notifySender(
        tx,
        deps,
        submission,
        {
          kind: "text",
          template: "acknowledged",
          params: { trackingCode },
          text: senderMessages.acknowledged({ trackingCode }),
        },
        identity,
      );
      const followUps: FollowUp[] = [{ name: "classify-submission", data: { submissionId: submission.id } }, ...sends];
      return {
        received: { inboundMessageId: id, submissionId: submission.id, trackingCode, duplicate: false },
        followUps,
      };
    });
    if (!result) continue;
    await deps.jobs.enqueue(result.followUps);
    accepted.push(result.received);
  }
  return accepted;
}

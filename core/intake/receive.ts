/**
 * Receiving (tiếp nhận): a channel hands over one inbound message. The raw original, the
 * sender, the submission and its acknowledgement are stored in one transaction; the work that
 * follows is enqueued after commit. Receiving the same message twice yields one submission.
 */
import { audit } from "../audit.ts";
import { now, type CoreDeps } from "../context.ts";
import { isUniqueViolation, type Prisma, type Tx } from "../db.ts";
import type { Channel } from "../domain.ts";
import { senderMessages } from "../messages/vi.ts";
import { notifySender } from "../notify/outbound.ts";
import { canonicalExternalId, resolveSender } from "../people/people.ts";
import type { FollowUp } from "../ports.ts";
import { normalizeText } from "../text.ts";
import { formatTrackingCode } from "../tracking-code.ts";

export interface InboundInput {
  channel: Channel;
  /** The channel's id for this message (update id, msg_id, Message-ID): the idempotency key. */
  externalId: string;
  sender: { externalId: string; displayName?: string | null; chatId?: string | null };
  text: string;
  subject?: string | null;
  /** The provider payload as received (JSON) and/or the raw bytes (an e-mail's source). */
  payload?: Prisma.InputJsonValue;
  raw?: Uint8Array;
  receivedAt?: Date;
  /** Attachments already in the attachment store. */
  attachments?: ReadonlyArray<{
    sha256: string;
    size: number;
    contentType: string;
    originalName?: string | null;
    externalRef?: string | null;
  }>;
}

export interface Received {
  inboundMessageId: string;
  submissionId: string;
  trackingCode: string;
  /** True when this message had been received before: nothing new was stored or sent. */
  duplicate: boolean;
}

/** Stores an inbound message as a new submission, exactly once per channel + external id. */
export async function receiveInbound(deps: CoreDeps, input: InboundInput): Promise<Received> {
  const text = normalizeText(input.text);
  const subject = input.subject ? normalizeText(input.subject) : null;
  const receivedAt = input.receivedAt ?? now(deps);
  let followUps: FollowUp[] = [];
  let result: Received;
  try {
    result = await deps.db.$transaction(async (tx) => {
      const { personId, identity } = await resolveSender(tx, { ...input.sender, channel: input.channel }, receivedAt);
      const submission = await tx.submission.create({
        data: {
          senderId: personId,
          channel: input.channel,
          title: subject,
          text,
          receivedAt,
        },
      });
      const message = await storeInbound(tx, input, {
        personId,
        submissionId: submission.id,
        text,
        subject,
        receivedAt,
      });
      const trackingCode = formatTrackingCode(submission.trackingNumber);
      await audit(tx, {
        actorId: personId,
        via: input.channel,
        action: "submission.received",
        submissionId: submission.id,
        data: { inboundMessageId: message.id, trackingCode },
      });
      const ack = await notifySender(
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
      followUps = [{ name: "classify-submission", data: { submissionId: submission.id } }, ...ack];
      return { inboundMessageId: message.id, submissionId: submission.id, trackingCode, duplicate: false };
    });
  } catch (e) {
    // Received before (a redelivery, or two deliveries racing): the unique key on the inbound
    // message refused this copy and its transaction rolled back whole. Answer with the first.
    if (isUniqueViolation(e)) {
      const raced = await findReceived(deps, input.channel, input.externalId);
      if (raced) return raced;
    }
    throw e;
  }
  await deps.jobs.enqueue(followUps);
  return result;
}

/** Stores the raw original and its attachments, linked to the submission it created or amends. */
export async function storeInbound(
  tx: Tx,
  input: InboundInput,
  p: { personId: string; submissionId: string; text: string; subject: string | null; receivedAt: Date },
) {
  const message = await tx.inboundMessage.create({
    data: {
      channel: input.channel,
      externalId: input.externalId,
      senderExternalId: canonicalExternalId(input.channel, input.sender.externalId),
      senderName: input.sender.displayName ? normalizeText(input.sender.displayName) : null,
      personId: p.personId,
      receivedAt: p.receivedAt,
      payload: input.payload ?? undefined,
      raw: input.raw ? Buffer.from(input.raw) : undefined,
      text: p.text,
      subject: p.subject,
      submissionId: p.submissionId,
    },
  });
  if (input.attachments?.length) {
    await tx.attachment.createMany({
      data: input.attachments.map((a) => ({
        ...a,
        originalName: a.originalName ? normalizeText(a.originalName) : null,
        inboundMessageId: message.id,
        submissionId: p.submissionId,
      })),
    });
  }
  return message;
}

/** The submission an inbound message already produced, if it was received before. */
export async function findReceived(
  deps: Pick<CoreDeps, "db">,
  channel: Channel,
  externalId: string,
): Promise<Received | null> {
  const m = await deps.db.inboundMessage.findUnique({
    where: { channel_externalId: { channel, externalId } },
    include: { submission: { select: { id: true, trackingNumber: true } } },
  });
  if (!m || !m.submission) return null;
  return {
    inboundMessageId: m.id,
    submissionId: m.submission.id,
    trackingCode: formatTrackingCode(m.submission.trackingNumber),
    duplicate: true,
  };
}

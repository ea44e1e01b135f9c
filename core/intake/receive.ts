/**
 * Receiving (tiếp nhận): a channel hands over one inbound message. The raw original, the
 * sender, the submission and its acknowledgement are stored in one transaction; the work that
 * follows is enqueued after commit. Receiving the same message twice yields one submission.
 */
import { now, type CoreDeps } from "../context.ts";
import { randomUUID } from "node:crypto";
import { isUniqueViolation, type Prisma, type Tx, prepared } from "../db.ts";
import type { Channel } from "../domain.ts";
import { senderMessages } from "../messages/vi.ts";
import { CHANNEL_PREFERENCE } from "../notify/outbound.ts";
import { canonicalExternalId } from "../people/people.ts";
import type { FollowUp } from "../ports.ts";
import { normalizeText } from "../text.ts";
import { formatTrackingCode, trackingCodeSql } from "../tracking-code.ts";

/** Stands for the tracking code in the acknowledgement until the statement that draws the number. */
const CODE_PLACEHOLDER = "{{ma-theo-doi}}";

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
  /** The field the sender chose (a field code), where the channel asks them; it decides the item's field. */
  fieldHint?: string | null;
  /**
   * Milliseconds to wait before classifying: more parts of the same item may follow (the other
   * photos of an album), and the reviewers' cards should show them all.
   */
  settleMs?: number;
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

/**
 * Stores an inbound message as a new submission, exactly once per channel + external id.
 * One statement, no interactive transaction: it finds the sender's identity, draws the tracking
 * number, and stores the sender if new, the submission, the raw original, its attachments, the
 * audit event and the acknowledgement (on the channel used, else another the person has; else the
 * item is marked "could not notify") — atomic as one statement.
 */
export async function receiveInbound(deps: CoreDeps, input: InboundInput): Promise<Received> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await receiveOnce(deps, input);
    } catch (e) {
      if (!isUniqueViolation(e)) throw e;
      // Received before (a redelivery, or two deliveries racing): the unique key on the inbound
      // message refused this copy, and nothing of it was stored. Answer with the first.
      const first = await findReceived(deps, input.channel, input.externalId);
      if (first) return first;
      // Two first messages from a new sender raced on their identity: the other one created it.
      if (attempt >= 3) throw e;
    }
  }
}

async function receiveOnce(deps: CoreDeps, input: InboundInput): Promise<Received> {
  const text = normalizeText(input.text);
  const subject = input.subject ? normalizeText(input.subject) : null;
  const senderName = input.sender.displayName ? normalizeText(input.sender.displayName) : null;
  const receivedAt = input.receivedAt ?? now(deps);
  const externalSenderId = canonicalExternalId(input.channel, input.sender.externalId);
  const submissionId = randomUUID();
  const messageId = randomUUID();
  const ackId = randomUUID();
  // The acknowledgement is rendered here with a placeholder the statement replaces by the code.
  const ackText = senderMessages.acknowledged({ trackingCode: CODE_PLACEHOLDER });
  // Answer on the channel used; failing that, on another channel the person has (pickAddress's order).
  const reachable = deps.settings.reachableChannels;
  const order = [input.channel, ...CHANNEL_PREFERENCE.filter((c) => c !== input.channel)].filter((c) =>
    reachable.includes(c),
  );

  const { rows } = await deps.db.sql.query<{ n: number; code: string; ackChannel: Channel | null }>(
    prepared(
      "receive",
      `WITH found AS (
       SELECT id, "personId", "chatId", "lastSeenAt" FROM "Identity" WHERE channel = $5::"Channel" AND "externalId" = $6),
     num AS (
       SELECT n, ${trackingCodeSql("n")} AS code
         FROM (SELECT nextval(pg_get_serial_sequence('"Submission"', 'trackingNumber'))::int AS n) AS s),
     sender AS (
       SELECT coalesce((SELECT "personId" FROM found), $1::uuid) AS id, NOT EXISTS (SELECT 1 FROM found) AS is_new),
     person AS (
       INSERT INTO "Person" (id, "fullName", email, "updatedAt")
       SELECT $1::uuid, $2::text, $3::text, now() FROM sender WHERE is_new),
     identity AS (
       INSERT INTO "Identity" (id, "personId", channel, "externalId", "displayName", "chatId", "lastSeenAt")
       SELECT gen_random_uuid(), $1::uuid, $5::"Channel", $6::text, $2::text, $7::text, $8::timestamptz FROM sender WHERE is_new),
     -- Seen-at is refreshed at most hourly: one write per message would be waste.
     seen AS (
       UPDATE "Identity" SET "lastSeenAt" = $8::timestamptz
        WHERE id = (SELECT id FROM found)
          AND ("lastSeenAt" IS NULL OR "lastSeenAt" < $8::timestamptz - interval '1 hour')),
     -- Where the acknowledgement goes: this identity first, then the person's others, in order.
     ack_to AS (
       SELECT a.channel, a.address FROM (
         SELECT $5::"Channel" AS channel,
                CASE WHEN EXISTS (SELECT 1 FROM found) THEN coalesce((SELECT "chatId" FROM found), $6)
                     ELSE coalesce($7, $6) END AS address
         UNION ALL
         SELECT i.channel, coalesce(i."chatId", i."externalId")
           FROM "Identity" i WHERE i."personId" = (SELECT "personId" FROM found) AND i.channel <> $5::"Channel") AS a
        WHERE a.channel::text = ANY($18::text[])
        ORDER BY array_position($18::text[], a.channel::text)
        LIMIT 1),
     submission AS (
       INSERT INTO "Submission" (id, "trackingNumber", "senderId", channel, title, text, "receivedAt", "statusAt", "updatedAt", "notifyFailedAt", "fieldHint")
       SELECT $9::uuid, num.n, sender.id, $5::"Channel", $10::text, $11::text, $8::timestamptz, $8::timestamptz, now(),
              CASE WHEN NOT EXISTS (SELECT 1 FROM ack_to) THEN $8::timestamptz END, $19::text
         FROM num, sender),
     message AS (
       INSERT INTO "InboundMessage" (id, channel, "externalId", "senderExternalId", "senderName", "personId", "receivedAt", payload, raw, text, subject, "submissionId")
       SELECT $12::uuid, $5::"Channel", $13::text, $6::text, $2::text, sender.id, $8::timestamptz, $14::jsonb, $15::bytea,
              $11::text, $10::text, $9::uuid
         FROM sender),
     attachments AS (
       INSERT INTO "Attachment" (id, sha256, size, "contentType", "originalName", "externalRef", "inboundMessageId", "submissionId")
       SELECT gen_random_uuid(), a.sha256, a.size, a."contentType", a."originalName", a."externalRef", $12::uuid, $9::uuid
         FROM jsonb_to_recordset($16::jsonb) AS a(sha256 text, size int, "contentType" text, "originalName" text, "externalRef" text)),
     -- One insert, rows in order: the audit log reads "received" before "could not notify".
     audit AS (
       INSERT INTO "AuditEvent" ("actorId", via, action, "submissionId", data)
       SELECT v.actor, v.via, v.action, $9::uuid, v.data
         FROM num, sender,
              LATERAL (VALUES (1, sender.id, $5::text, 'submission.received',
                               jsonb_build_object('inboundMessageId', $12::text, 'trackingCode', num.code)),
                              (2, NULL::uuid, 'system', 'notify.unreachable', '{"template": "acknowledged"}'::jsonb))
              AS v(n, actor, via, action, data)
        WHERE v.n = 1 OR NOT EXISTS (SELECT 1 FROM ack_to)
        ORDER BY v.n),
     ack AS (
       INSERT INTO "OutboundMessage" (id, channel, kind, "recipientId", address, "submissionId", template, params, text)
       SELECT $17::uuid, ack_to.channel, 'text', sender.id, ack_to.address, $9::uuid, 'acknowledged',
              jsonb_build_object('trackingCode', num.code), replace($4::text, '${CODE_PLACEHOLDER}', num.code)
         FROM ack_to, sender, num
       RETURNING channel)
     SELECT num.n, num.code, (SELECT channel::text FROM ack) AS "ackChannel" FROM num`,
      [
        randomUUID(),
        senderName,
        input.channel === "email" ? externalSenderId : null,
        ackText,
        input.channel,
        externalSenderId,
        input.sender.chatId ?? null,
        receivedAt,
        submissionId,
        subject,
        text,
        messageId,
        input.externalId,
        input.payload === undefined ? null : JSON.stringify(input.payload),
        input.raw ? Buffer.from(input.raw) : null,
        JSON.stringify(
          (input.attachments ?? []).map((a) => ({
            ...a,
            originalName: a.originalName ? normalizeText(a.originalName) : null,
          })),
        ),
        ackId,
        order,
        input.fieldHint ?? null,
      ],
    ),
  );
  const row = rows[0]!;
  const followUps: FollowUp[] = [
    { name: "classify-submission", data: { submissionId }, ...(input.settleMs && { delayMs: input.settleMs }) },
  ];
  if (row.ackChannel)
    followUps.push({ name: "send-message", data: { outboundMessageId: ackId, channel: row.ackChannel } });
  await deps.jobs.enqueue(followUps);
  return { inboundMessageId: messageId, submissionId, trackingCode: row.code, duplicate: false };
}

/** Stores the raw original and its attachments, linked to the submission it created or amends. */
export async function storeInbound(
  tx: Tx,
  input: InboundInput,
  p: {
    personId: string;
    submissionId: string | null;
    text: string;
    subject: string | null;
    receivedAt: Date;
    setAsideReason?: string | null;
  },
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
      setAsideReason: p.setAsideReason ?? null,
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

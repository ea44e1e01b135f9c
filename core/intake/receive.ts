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
import { pickAddress } from "../notify/outbound.ts";
import { canonicalExternalId } from "../people/people.ts";
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

/** Seen-at timestamps are refreshed at most this often: one write per message would be waste. */
const SEEN_REFRESH_MS = 3_600_000;

interface SenderRow {
  n: number;
  identityId: string | null;
  personId: string | null;
  chatId: string | null;
  lastSeenAt: Date | null;
}

/**
 * Stores an inbound message as a new submission, exactly once per channel + external id.
 * Two statements, no interactive transaction: one read (the sender's identity and the next
 * tracking number), then one write that stores the sender if new, the submission, the raw
 * original, its attachments, the audit event and the acknowledgement — atomic as one statement.
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
  const sql = deps.db.sql;
  const text = normalizeText(input.text);
  const subject = input.subject ? normalizeText(input.subject) : null;
  const senderName = input.sender.displayName ? normalizeText(input.sender.displayName) : null;
  const receivedAt = input.receivedAt ?? now(deps);
  const externalSenderId = canonicalExternalId(input.channel, input.sender.externalId);

  const { rows } = await sql.query<SenderRow>(
    prepared(
      "receive-sender",
      `SELECT nextval(pg_get_serial_sequence('"Submission"', 'trackingNumber'))::int AS n,
            i.id AS "identityId", i."personId", i."chatId", i."lastSeenAt"
       FROM (SELECT 1) AS one
       LEFT JOIN "Identity" i ON i.channel = $1::"Channel" AND i."externalId" = $2`,
      [input.channel, externalSenderId],
    ),
  );
  const found = rows[0]!;
  const isNew = found.personId === null;
  const personId = found.personId ?? randomUUID();
  const stale = !isNew && (!found.lastSeenAt || receivedAt.getTime() - found.lastSeenAt.getTime() > SEEN_REFRESH_MS);
  const identity = {
    channel: input.channel,
    externalId: externalSenderId,
    chatId: isNew ? (input.sender.chatId ?? null) : found.chatId,
  };

  // Answer on the channel used; failing that, on another channel the person has.
  const reachable = deps.settings.reachableChannels;
  let to = pickAddress([identity], reachable, input.channel);
  if (!to && !isNew) {
    const others = await sql.query<{ channel: Channel; externalId: string; chatId: string | null }>(
      `SELECT channel, "externalId", "chatId" FROM "Identity" WHERE "personId" = $1`,
      [personId],
    );
    to = pickAddress(others.rows, reachable, input.channel);
  }

  const submissionId = randomUUID();
  const messageId = randomUUID();
  const trackingCode = formatTrackingCode(found.n);
  const ack = to ? { id: randomUUID(), text: senderMessages.acknowledged({ trackingCode }) } : null;
  await sql.query(
    prepared(
      "receive-write",
      `WITH person AS (
       INSERT INTO "Person" (id, "fullName", email, "updatedAt")
       SELECT $1::uuid, $2, $3, now() WHERE $4::boolean),
     identity AS (
       INSERT INTO "Identity" (id, "personId", channel, "externalId", "displayName", "chatId", "lastSeenAt")
       SELECT gen_random_uuid(), $1::uuid, $5::"Channel", $6, $2, $7, $8::timestamptz WHERE $4::boolean),
     seen AS (
       UPDATE "Identity" SET "lastSeenAt" = $8::timestamptz WHERE id = $9::uuid AND $10::boolean),
     submission AS (
       INSERT INTO "Submission" (id, "trackingNumber", "senderId", channel, title, text, "receivedAt", "statusAt", "updatedAt", "notifyFailedAt", "fieldHint")
       VALUES ($11::uuid, $12::int, $1::uuid, $5::"Channel", $13, $14, $8::timestamptz, $8::timestamptz, now(),
               CASE WHEN $15::boolean THEN $8::timestamptz END, $28)),
     message AS (
       INSERT INTO "InboundMessage" (id, channel, "externalId", "senderExternalId", "senderName", "personId", "receivedAt", payload, raw, text, subject, "submissionId")
       VALUES ($16::uuid, $5::"Channel", $17, $6, $2, $1::uuid, $8::timestamptz, $18::jsonb, $19::bytea, $14, $13, $11::uuid)),
     attachments AS (
       INSERT INTO "Attachment" (id, sha256, size, "contentType", "originalName", "externalRef", "inboundMessageId", "submissionId")
       SELECT gen_random_uuid(), a.sha256, a.size, a."contentType", a."originalName", a."externalRef", $16::uuid, $11::uuid
         FROM jsonb_to_recordset($20::jsonb) AS a(sha256 text, size int, "contentType" text, "originalName" text, "externalRef" text)),
     -- One insert, rows in order: the audit log reads "received" before "could not notify".
     audit AS (
       INSERT INTO "AuditEvent" ("actorId", via, action, "submissionId", data)
       SELECT v.actor, v.via, v.action, $11::uuid, v.data
         FROM (VALUES (1, $1::uuid, $21::text, 'submission.received', $22::jsonb),
                      (2, NULL::uuid, 'system', 'notify.unreachable', '{"template": "acknowledged"}'::jsonb))
              AS v(n, actor, via, action, data)
        WHERE v.n = 1 OR $15::boolean
        ORDER BY v.n)
     INSERT INTO "OutboundMessage" (id, channel, kind, "recipientId", address, "submissionId", template, params, text)
     SELECT $23::uuid, $24::"Channel", 'text', $1::uuid, $25, $11::uuid, 'acknowledged', $26::jsonb, $27
      WHERE $23::uuid IS NOT NULL`,
      [
        personId,
        senderName,
        input.channel === "email" ? externalSenderId : null,
        isNew,
        input.channel,
        externalSenderId,
        identity.chatId,
        receivedAt,
        found.identityId,
        stale,
        submissionId,
        found.n,
        subject,
        text,
        !to,
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
        input.channel,
        JSON.stringify({ inboundMessageId: messageId, trackingCode }),
        ack?.id ?? null,
        to?.channel ?? null,
        to?.address ?? null,
        JSON.stringify({ trackingCode }),
        ack?.text ?? null,
        input.fieldHint ?? null,
      ],
    ),
  );
  const followUps: FollowUp[] = [
    { name: "classify-submission", data: { submissionId }, ...(input.settleMs && { delayMs: input.settleMs }) },
  ];
  if (ack && to) followUps.push({ name: "send-message", data: { outboundMessageId: ack.id, channel: to.channel } });
  await deps.jobs.enqueue(followUps);
  return { inboundMessageId: messageId, submissionId, trackingCode, duplicate: false };
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

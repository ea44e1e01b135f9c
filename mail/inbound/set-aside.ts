/**
 * Mail that does not become a submission is kept all the same: an `InboundMessage` with the raw
 * source and `setAsideReason`, stored in one transaction with what it calls for (an audit entry,
 * notices to people), which are queued after the commit. Also the two cases decided before any
 * parse: a message too large to download, and one the parser gave up on.
 */
import { audit, type AuditEntry } from "../../core/audit.ts";
import { isUniqueViolation, type Prisma, type Tx } from "../../core/db.ts";
import type { Channel } from "../../core/domain.ts";
import { recordOutbound } from "../../core/notify/outbound.ts";
import { findPerson } from "../../core/people/people.ts";
import type { FollowUp } from "../../core/ports.ts";
import { bareAddress } from "../addresses.ts";
import { mailReplies } from "../messages.ts";
import { mailExternalId, type MailIntakeDeps, type Processed } from "./intake.ts";
import type { ParsedMail } from "./parse.ts";
import { setAsideReason, type HeaderMap } from "./screen.ts";

/** A mail to someone, recorded in the delivery log with the message it answers. */
export interface Notice {
  personId: string | null;
  /** E-mail unless said otherwise (the secretariat is told on the channel each member uses). */
  channel?: Channel;
  address: string;
  template: string;
  text: string;
  params?: Prisma.InputJsonValue;
}

/**
 * Stores a mail that does not become a submission, with why — and, in the same transaction, what
 * it calls for (an audit entry, notices to people); the notices are queued after the commit. A
 * second run finds the first and does nothing again.
 */
export async function setAside(
  deps: MailIntakeDeps,
  p: ParsedMail,
  raw: Uint8Array,
  externalId: string,
  receivedAt: Date,
  reason: string,
  extra: { submissionId?: string | null; notices?: Notice[]; audit?: AuditEntry } = {},
): Promise<Processed> {
  const db = deps.core.db;
  const person = p.from ? await findPerson(db, `email:${p.from.address}`) : null;
  let jobs: FollowUp[] = [];
  try {
    const m = await db.$transaction(async (tx) => {
      const m = await tx.inboundMessage.create({
        data: {
          channel: "email",
          externalId,
          senderExternalId: p.from?.address ?? "",
          senderName: p.from?.name ?? null,
          personId: person?.id ?? null,
          receivedAt,
          payload: JSON.parse(
            JSON.stringify({
              messageId: p.messageId,
              from: p.from,
              recipients: p.recipients,
              subject: p.subject,
              headers: p.headers,
              threadIds: p.threadIds,
              authentication: p.auth.detail,
              notes: p.notes,
              ...(extra.submissionId && { submissionId: extra.submissionId }),
            }),
          ) as Prisma.InputJsonValue,
          raw: Buffer.from(raw),
          text: p.text,
          subject: p.subject || null,
          setAsideReason: reason,
        },
      });
      if (extra.audit)
        await audit(tx, {
          ...extra.audit,
          data: { ...(extra.audit.data as object | undefined), inboundMessageId: m.id },
        });
      jobs = await recordNotices(tx, extra.notices ?? []);
      return m;
    });
    await deps.core.jobs.enqueue(jobs);
    return { outcome: "set-aside", inboundMessageId: m.id, detail: reason };
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return { outcome: "duplicate", inboundMessageId: null };
  }
}

/**
 * Records mails to people. Notices to board members carry no submission: a failed one must not
 * mark the item "could not notify its sender".
 */
export async function recordNotices(tx: Tx, notices: readonly Notice[]): Promise<FollowUp[]> {
  const jobs: FollowUp[] = [];
  for (const n of notices)
    jobs.push(
      await recordOutbound(tx, { personId: n.personId, channel: n.channel ?? "email", address: n.address }, null, {
        kind: "text",
        template: n.template,
        params: n.params ?? {},
        text: n.text,
      }),
    );
  return jobs;
}

/** The top-level header fields of a raw message, read without a MIME parser. */
function rawHeaders(raw: Uint8Array): HeaderMap {
  const buf = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  const end = buf.indexOf("\r\n\r\n");
  const head = buf.subarray(0, end < 0 ? Math.min(buf.length, 65_536) : end).toString("utf8");
  const map: HeaderMap = {};
  for (const field of head.split(/\r?\n(?![ \t])/)) {
    const colon = field.indexOf(":");
    if (colon > 0)
      (map[field.slice(0, colon).trim().toLowerCase()] ??= []).push(
        field
          .slice(colon + 1)
          .replace(/\r?\n[ \t]+/g, " ")
          .trim(),
      );
  }
  return map;
}

/** A message the parser gave up on: set aside with the parser's reason; a person who wrote it is told. */
export async function unreadable(
  deps: MailIntakeDeps,
  raw: Uint8Array,
  receivedAt: Date,
  problem: string,
): Promise<Processed> {
  const headers = rawHeaders(raw);
  const messageId = /<[^<>\s]+>/.exec(headers["message-id"]?.[0] ?? "")?.[0] ?? null;
  const address = bareAddress(headers["from"]?.[0] ?? null);
  const quiet = setAsideReason({ headers, fromAddress: address, subject: "", ownAddresses: deps.ownAddresses });
  const p: ParsedMail = {
    messageId,
    from: address ? { address, name: null } : null,
    recipients: [],
    subject: "",
    date: null,
    threadIds: [],
    headers,
    text: "",
    quoted: "",
    signature: "",
    html: null,
    legacyEncoding: null,
    attachments: [],
    attachmentsSkipped: 0,
    setAside: null,
    auth: { ok: true, detail: "not read" },
    notes: [],
  };
  const r = await setAside(deps, p, raw, mailExternalId(messageId, raw), receivedAt, `unreadable: ${problem}`, {
    notices:
      address && !quiet
        ? [{ personId: null, address, template: "mail.unreadable", text: mailReplies.unreadable() }]
        : [],
  });
  deps.log.warn({ problem }, "mail could not be parsed; set aside");
  return r;
}

/** An over-size message, never downloaded: kept as a record with a reply, the mail left on the server. */
export async function parkOversize(
  deps: MailIntakeDeps,
  m: {
    externalId: string;
    from: { address: string; name: string | null } | null;
    subject: string;
    size: number;
    maxBytes: number;
    receivedAt: Date;
    /** Why no reply should go (an auto-reply, a bounce), from the headers fetched with the size. */
    setAside: string | null;
  },
): Promise<Processed> {
  const db = deps.core.db;
  const reason = `too large: ${m.size} bytes (at most ${m.maxBytes})${m.setAside ? `; ${m.setAside}` : ""}`;
  const person = m.from ? await findPerson(db, `email:${m.from.address}`) : null;
  let jobs: FollowUp[] = [];
  let id: string;
  try {
    id = await db.$transaction(async (tx) => {
      const row = await tx.inboundMessage.create({
        data: {
          channel: "email",
          externalId: m.externalId,
          senderExternalId: m.from?.address ?? "",
          senderName: m.from?.name ?? null,
          personId: person?.id ?? null,
          receivedAt: m.receivedAt,
          payload: { size: m.size, maxBytes: m.maxBytes, subject: m.subject },
          text: "",
          subject: m.subject || null,
          setAsideReason: reason,
        },
      });
      if (m.from && !m.setAside)
        jobs = await recordNotices(tx, [
          {
            personId: person?.id ?? null,
            address: m.from.address,
            template: "mail.tooLarge",
            text: mailReplies.tooLarge({ size: m.size, max: m.maxBytes }),
            params: { size: m.size, maxBytes: m.maxBytes },
          },
        ]);
      return row.id;
    });
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return { outcome: "duplicate", inboundMessageId: null };
  }
  await deps.core.jobs.enqueue(jobs);
  return { outcome: "set-aside", inboundMessageId: id, detail: reason };
}

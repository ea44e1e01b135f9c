/**
 * What one stored mail becomes. Parsed off the event loop, then, in order:
 * - mail no person wrote (auto-replies, bounces, lists, loops) or that cannot be taken (too many
 *   parts, nothing in it) is set aside with its reason, raw original kept;
 * - a reply to a review card (`reply+<card token>@`) decides, when its sender is the very reviewer
 *   the card was sent to and the receiving server's authentication did not fail; otherwise it is
 *   kept for the secretariat and the card's reviewer is told;
 * - a reply to an item (`reply+<item token>@`, or In-Reply-To/References naming one of Bantin's
 *   Message-IDs) amends that item, when core agrees the writer is its sender;
 * - everything else is a new submission, with its attachments in the attachment store.
 * Every path is idempotent on the message's external id: a retry finds what the first run stored.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { AttachmentTooLargeError, storeAttachment } from "../../core/attachments/store.ts";
import { audit, type AuditEntry } from "../../core/audit.ts";
import type { CoreDeps } from "../../core/context.ts";
import { isUniqueViolation, type Prisma, type Tx } from "../../core/db.ts";
import { amendSubmission } from "../../core/intake/amend.ts";
import { receiveInbound, type InboundInput } from "../../core/intake/receive.ts";
import type { Channel } from "../../core/domain.ts";
import type { Logger } from "../../core/logger.ts";
import { reviewerMessages } from "../../core/messages/vi.ts";
import { pickAddress, recordOutbound } from "../../core/notify/outbound.ts";
import { findPerson } from "../../core/people/people.ts";
import type { FollowUp } from "../../core/ports.ts";
import { answerQuestion } from "../../core/publishing/answer.ts";
import { decide, resolveTarget, type DecideResult } from "../../core/review/decide.ts";
import { formatTrackingCode, parseTrackingCode } from "../../core/tracking-code.ts";
import { bareAddress, firstReplyToken, kindOfMessageId, trackingCodeOfMessageId } from "../addresses.ts";
import { mailReplies } from "../messages.ts";
import { parseReviewCommand } from "../review-command.ts";
import { itemOfReplyToken } from "../threads.ts";
import { setAsideReason, type HeaderMap } from "./screen.ts";
import { ParseError, parseInWorker } from "./parse-in-worker.ts";
import type { ParsedMail } from "./parse.ts";

export interface MailIntakeDeps {
  core: CoreDeps;
  log: Logger;
  dataDir: string;
  attachmentMaxBytes: number;
  replyDomain: string;
  /** Bantin's own addresses: mail from them is a loop. */
  ownAddresses: string[];
  /** More attachments than this and the message is set aside with a reply. Default 100. */
  maxAttachments?: number;
  /** A parse taking longer fails (and is retried, then set aside). Default 60 s. */
  parseTimeoutMs?: number;
}

export type MailOutcome =
  "received" | "amended" | "decided" | "answered" | "review-refused" | "review-not-applied" | "set-aside" | "duplicate";

export interface Processed {
  outcome: MailOutcome;
  inboundMessageId: string | null;
  detail?: string;
}

/** The external id of a mail: its Message-ID, or the hash of its bytes when it has none. */
export function mailExternalId(messageId: string | null, raw: Uint8Array): string {
  return messageId ?? `sha256:${createHash("sha256").update(raw).digest("hex")}`;
}

/** Parses and routes one raw message. Throws on transient trouble (the caller retries). */
export async function processMail(deps: MailIntakeDeps, raw: Uint8Array, receivedAt: Date): Promise<Processed> {
  let run;
  try {
    run = await parseInWorker(raw, {
      ownAddresses: deps.ownAddresses,
      maxAttachments: deps.maxAttachments ?? 100,
      timeoutMs: deps.parseTimeoutMs ?? 60_000,
    });
  } catch (e) {
    // The same bytes fail the same way every time: kept for a person to open, the sender told.
    if (e instanceof ParseError && !e.timedOut) return unreadable(deps, raw, receivedAt, e.message);
    throw e;
  }
  try {
    return await route(deps, run.parsed, raw, receivedAt);
  } finally {
    await run.cleanup();
  }
}

async function route(deps: MailIntakeDeps, p: ParsedMail, raw: Uint8Array, receivedAt: Date): Promise<Processed> {
  const externalId = mailExternalId(p.messageId, raw);
  const log = deps.log.child({ messageId: externalId });
  const from = p.from;
  if (p.setAside || !from) {
    const reason = p.setAside ?? "no sender address";
    // Automatic mail is never answered; a person whose mail has too many parts is.
    const notices: Notice[] =
      from && p.attachmentsSkipped > 0
        ? [
            {
              personId: null,
              address: from.address,
              template: "mail.tooManyParts",
              text: mailReplies.tooManyParts({
                count: p.attachments.length + p.attachmentsSkipped,
                max: deps.maxAttachments ?? 100,
              }),
            },
          ]
        : [];
    const r = await setAside(deps, p, raw, externalId, receivedAt, reason, { notices });
    log.info({ reason }, "mail set aside");
    return r;
  }

  const token = firstReplyToken(p.recipients, deps.replyDomain);
  if (token) {
    // Some servers lower-case addresses on the way: a card token is found either way.
    const card =
      (await deps.core.db.reviewRequest.findUnique({ where: { token } })) ??
      (await deps.core.db.reviewRequest.findFirst({ where: { token: { equals: token, mode: "insensitive" } } }));
    if (card) return reviewReply(deps, p, raw, externalId, receivedAt, card);
  }
  let itemId = token ? await itemOfReplyToken(deps.core.db, token) : null;
  if (!itemId) {
    for (const id of p.threadIds) {
      const code = trackingCodeOfMessageId(id, deps.replyDomain);
      if (!code) continue;
      const kind = kindOfMessageId(id, deps.replyDomain);
      if (kind === "card" || kind === "closed") {
        // A reply to a card that lost its reply address: threading headers never decide.
        return setAside(deps, p, raw, externalId, receivedAt, "review reply without the card's reply address", {
          notices: [
            {
              personId: null,
              address: from.address,
              template: "mail.cardReplyWithoutToken",
              text: mailReplies.cardReplyWithoutToken({ trackingCode: code }),
            },
          ],
        });
      }
      const n = parseTrackingCode(code);
      const s = n
        ? await deps.core.db.submission.findUnique({ where: { trackingNumber: n }, select: { id: true } })
        : null;
      if (s) {
        itemId = s.id;
        break;
      }
    }
  }

  if (!itemId) {
    // A client that dropped the threading headers still keeps "[TB-0042]" in "Re: [TB-0042] …".
    const code = /\[(TB-\d+)\]/i.exec(p.subject)?.[1];
    const n = code ? parseTrackingCode(code) : null;
    const s = n
      ? await deps.core.db.submission.findUnique({ where: { trackingNumber: n }, select: { id: true } })
      : null;
    itemId = s?.id ?? null;
  }
  if (!p.text && !p.subject.trim() && p.attachments.length === 0) {
    // Nothing a person could review (an empty reply, a blank mail sent by mistake).
    return setAside(deps, p, raw, externalId, receivedAt, "empty: no text, subject or attachment", {
      notices: [{ personId: null, address: from.address, template: "mail.empty", text: mailReplies.empty() }],
    });
  }
  const { input, omitted } = await toInboundInput(deps, p, raw, externalId, receivedAt);
  // Files left out are named in the item's text; their sender is told with the item's code.
  const tellOmitted = async (trackingCode: string) => {
    if (omitted.length === 0) return;
    let jobs: FollowUp[] = [];
    await deps.core.db.$transaction(async (tx) => {
      const text = mailReplies.attachmentsOmittedToSender({
        trackingCode,
        names: omitted,
        max: deps.attachmentMaxBytes,
      });
      jobs = await recordNotices(tx, [
        { personId: null, address: from.address, template: "mail.attachmentsOmitted", text },
      ]);
    });
    await deps.core.jobs.enqueue(jobs);
  };
  if (itemId) {
    const r = await amendSubmission(deps.core, itemId, input);
    if (r.outcome === "duplicate") return { outcome: "duplicate", inboundMessageId: null };
    if (r.outcome === "amended" || r.outcome === "not_amendable") {
      await tellOmitted(r.trackingCode);
      return {
        outcome: "amended",
        inboundMessageId: null,
        detail: r.outcome === "amended" ? r.trackingCode : r.status,
      };
    }
    // Someone else's item, or one that is gone: the mail stands on its own.
  }
  const received = await receiveInbound(deps.core, input);
  if (!received.duplicate) await tellOmitted(received.trackingCode);
  return {
    outcome: received.duplicate ? "duplicate" : "received",
    inboundMessageId: received.inboundMessageId,
    detail: received.trackingCode,
  };
}

/** The core input: text, subject, the parsed extras as payload, the raw source, attachments stored. */
async function toInboundInput(
  deps: MailIntakeDeps,
  p: ParsedMail,
  raw: Uint8Array,
  externalId: string,
  receivedAt: Date,
): Promise<{ input: InboundInput; omitted: string[] }> {
  const stored: Array<NonNullable<InboundInput["attachments"]>[number]> = [];
  const omitted: string[] = [];
  const mismatched: string[] = [];
  for (const a of p.attachments) {
    try {
      const s = await storeAttachment(deps.dataDir, createReadStream(a.path), {
        maxBytes: deps.attachmentMaxBytes,
        declaredType: a.contentType,
        originalName: a.filename,
      });
      if (s.typeMismatch) mismatched.push(a.filename ?? a.partId ?? "?");
      stored.push({
        sha256: s.sha256,
        size: s.size,
        contentType: s.contentType,
        originalName: a.filename,
        externalRef: a.partId ? `part:${a.partId}` : null,
      });
    } catch (e) {
      if (!(e instanceof AttachmentTooLargeError)) throw e;
      omitted.push(a.filename ?? `part ${a.partId ?? "?"}`);
    }
  }
  const notes = [
    ...(omitted.length ? [mailReplies.attachmentsOmitted({ names: omitted, max: deps.attachmentMaxBytes })] : []),
  ];
  const names = stored.map((a) => a.originalName).filter((n): n is string => !!n);
  const body = p.text || (names.length ? `[${names.join(", ")}]` : "") || p.subject;
  const payload = {
    messageId: p.messageId,
    from: p.from,
    recipients: p.recipients,
    subject: p.subject,
    date: p.date,
    threadIds: p.threadIds,
    headers: p.headers,
    quoted: p.quoted || null,
    signature: p.signature || null,
    html: p.html,
    legacyEncoding: p.legacyEncoding,
    authentication: p.auth.detail,
    attachmentsOmitted: omitted,
    attachmentTypeMismatch: mismatched,
    notes: p.notes,
  };
  const input: InboundInput = {
    channel: "email",
    externalId,
    sender: { externalId: p.from!.address, displayName: p.from!.name },
    text: [body, ...notes].filter(Boolean).join("\n\n"),
    subject: p.subject || null,
    payload: JSON.parse(JSON.stringify(payload)) as Prisma.InputJsonValue,
    raw,
    receivedAt,
    attachments: stored,
  };
  return { input, omitted };
}

/** A mail to someone, recorded in the delivery log with the message it answers. */
interface Notice {
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
async function setAside(
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
async function recordNotices(tx: Tx, notices: readonly Notice[]): Promise<FollowUp[]> {
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

/** The secretariat, each member where they read (their review channel first): told of refused replies. */
async function secretariatNotices(deps: MailIntakeDeps, template: string, text: string): Promise<Notice[]> {
  const seats = await deps.core.db.roleMembership.findMany({
    where: { role: "secretariat", revokedAt: null, person: { revokedAt: null } },
    select: { person: { select: { id: true, reviewChannel: true, identities: true } } },
  });
  const notices: Notice[] = [];
  for (const { person } of seats) {
    if (notices.some((n) => n.personId === person.id)) continue;
    const to = pickAddress(person.identities, deps.core.settings.reachableChannels, person.reviewChannel);
    if (to) notices.push({ personId: person.id, channel: to.channel, address: to.address, template, text });
  }
  return notices;
}

/** A review reply stored but not yet decided on. */
const PENDING_REVIEW_REPLY = "review reply";

type Card = { id: string; token: string; reviewerId: string; submissionId: string; status: string };

/**
 * A reply to one reviewer's card. Applied only when it comes from that reviewer's own address and
 * the receiving server did not find it forged; the decision then goes through core like any other.
 */
async function reviewReply(
  deps: MailIntakeDeps,
  p: ParsedMail,
  raw: Uint8Array,
  externalId: string,
  receivedAt: Date,
  card: Card,
): Promise<Processed> {
  const db = deps.core.db;
  const from = p.from!;
  const item = await resolveTarget(db, { token: card.token });
  const trackingCode = item ? formatTrackingCode(item.trackingNumber) : "";
  const writer = await findPerson(db, `email:${from.address}`);
  // The address the card was mailed to: where its reviewer reads.
  const sentTo = await db.outboundMessage.findFirst({
    where: { reviewRequestId: card.id, kind: "review_card", channel: "email" },
    orderBy: { createdAt: "desc" },
    select: { address: true },
  });
  const reviewerAddress = sentTo?.address ?? null;

  if (!writer || writer.id !== card.reviewerId) {
    const notices: Notice[] = [];
    if (reviewerAddress && reviewerAddress !== from.address)
      notices.push({
        personId: card.reviewerId,
        address: reviewerAddress,
        template: "mail.forgedWarning",
        text: mailReplies.forgedWarning({ trackingCode, from: from.address }),
      });
    // A board member using a card that is not theirs is told why nothing happened.
    if (writer)
      notices.push({
        personId: writer.id,
        address: from.address,
        template: "mail.notYourCard",
        text: mailReplies.notYourCard({ trackingCode }),
      });
    const reason = `review reply refused: the card's token belongs to another reviewer than ${from.address}`;
    notices.push(
      ...(await secretariatNotices(
        deps,
        "mail.refusedReviewReply",
        mailReplies.refusedForSecretariat({ trackingCode, from: from.address, why: mailReplies.whyNotYours() }),
      )),
    );
    const r = await setAside(deps, p, raw, externalId, receivedAt, reason, {
      submissionId: card.submissionId,
      notices,
      audit: {
        actorId: writer?.id ?? null,
        via: "email",
        action: "decision.refused",
        submissionId: card.submissionId,
        data: { reason: "token of another reviewer", from: from.address },
      },
    });
    if (r.outcome !== "set-aside") return r;
    deps.log.warn({ submissionId: card.submissionId, from: from.address }, "review reply from another address refused");
    return { ...r, outcome: "review-refused" };
  }

  if (!p.auth.ok) {
    const r = await setAside(
      deps,
      p,
      raw,
      externalId,
      receivedAt,
      `review reply refused: authentication failed (${p.auth.detail})`,
      {
        submissionId: card.submissionId,
        notices: [
          {
            personId: writer.id,
            address: reviewerAddress ?? from.address,
            template: "mail.authFailed",
            text: mailReplies.authFailed({ trackingCode }),
          },
          ...(await secretariatNotices(
            deps,
            "mail.refusedReviewReply",
            mailReplies.refusedForSecretariat({ trackingCode, from: from.address, why: mailReplies.whyAuth() }),
          )),
        ],
        audit: {
          actorId: writer.id,
          via: "email",
          action: "decision.refused",
          submissionId: card.submissionId,
          data: { reason: "authentication failed", detail: p.auth.detail },
        },
      },
    );
    if (r.outcome !== "set-aside") return r;
    deps.log.warn({ submissionId: card.submissionId, auth: p.auth.detail }, "review reply failed authentication");
    return { ...r, outcome: "review-refused" };
  }

  // Stored first. A retry finds it: finished (its outcome written) it is a duplicate; unfinished
  // (a crash after storing) it goes on, and core's first-decision-wins keeps it to one decision.
  let stored = await setAside(deps, p, raw, externalId, receivedAt, PENDING_REVIEW_REPLY, {
    submissionId: card.submissionId,
  });
  if (stored.outcome !== "set-aside") {
    const first = await db.inboundMessage.findUnique({
      where: { channel_externalId: { channel: "email", externalId } },
      select: { id: true, setAsideReason: true },
    });
    if (first?.setAsideReason !== PENDING_REVIEW_REPLY) return stored;
    stored = { outcome: "set-aside", inboundMessageId: first.id };
  }
  const command = parseReviewCommand(p.text);
  let answerText: string;
  let outcome: MailOutcome = "review-not-applied";
  let result: DecideResult | null = null;
  switch (command.action) {
    case "approve":
    case "request_changes":
    case "reject":
      result = await decide(deps.core, {
        target: { token: card.token },
        deciderId: writer.id,
        channel: "email",
        action: command.action,
        note: command.note,
        ...(command.action === "reject" && { reasonCode: command.reasonCode }),
      });
      answerText = decisionText(result, command.action);
      if (result.outcome === "decided") outcome = "decided";
      break;
    case "reject_without_reason":
      answerText = mailReplies.rejectNeedsReason({ trackingCode });
      break;
    case "none":
      if (item && (item.kind === "question" || item.kind === "feedback")) {
        // For questions the card asks for the answer itself, from the first line on.
        result = await answerQuestion(deps.core, {
          target: { token: card.token },
          responderId: writer.id,
          channel: "email",
          text: p.text,
        });
        answerText = decisionText(result, "answer");
        if (result.outcome === "decided") outcome = "answered";
      } else answerText = mailReplies.commandUsage({ trackingCode, firstLine: command.firstLine });
      break;
  }
  let jobs: FollowUp[] = [];
  await db.$transaction(async (tx) => {
    await tx.inboundMessage.update({
      where: { id: stored.inboundMessageId! },
      data: { setAsideReason: `review reply: ${result?.outcome ?? command.action}` },
    });
    jobs = await recordNotices(tx, [
      { personId: writer.id, address: from.address, template: "mail.reviewReply", text: answerText },
    ]);
  });
  await deps.core.jobs.enqueue(jobs);
  return { outcome, inboundMessageId: stored.inboundMessageId, detail: result?.outcome ?? command.action };
}

function decisionText(r: DecideResult, action: "approve" | "reject" | "request_changes" | "answer"): string {
  switch (r.outcome) {
    case "decided":
      return reviewerMessages.decided({ trackingCode: r.trackingCode, action });
    case "already_decided":
      return reviewerMessages.alreadyDecided(r);
    case "not_allowed":
      return reviewerMessages.notAllowed(r);
    case "not_in_review":
      return reviewerMessages.notInReview(r);
    case "invalid":
      return reviewerMessages.invalid(r);
    case "not_found":
      return reviewerMessages.notFound({ code: "" });
  }
}

/** The top-level header fields of a raw message, read without a MIME parser. */
export function rawHeaders(raw: Uint8Array): HeaderMap {
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
async function unreadable(
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

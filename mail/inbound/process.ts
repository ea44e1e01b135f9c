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
import type { FollowUp } from "../../core/ports.ts";
import { amendSubmission } from "../../core/intake/amend.ts";
import { receiveInbound } from "../../core/intake/receive.ts";
import { admitMailSender } from "./details.ts";
import { parseTrackingCode } from "../../core/tracking-code.ts";
import { firstReplyToken, kindOfMessageId, trackingCodeOfMessageId } from "../addresses.ts";
import { mailReplies } from "../messages.ts";
import { itemOfReplyToken } from "../threads.ts";
import { mailExternalId, type MailIntakeDeps, type Processed } from "./intake.ts";
import { ParseError, parseInWorker } from "./parse-in-worker.ts";
import type { ParsedMail } from "./parse.ts";
import { reviewReply } from "./review-reply.ts";
import { recordNotices, setAside, unreadable, type Notice } from "./set-aside.ts";
import { toInboundInput } from "./to-inbound-message.ts";

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
  // The regulations' details first (a full name; workplace and title for a collaborator).
  const gate = await admitMailSender(deps, from, input);
  if (!gate.admitted) return gate.processed;
  const received = await receiveInbound(deps.core, input);
  if (!received.duplicate) await tellOmitted(received.trackingCode);
  return {
    outcome: received.duplicate ? "duplicate" : "received",
    inboundMessageId: received.inboundMessageId,
    detail: received.trackingCode,
  };
}

/**
 * What the OA does with each event, once it is stored: the flows of the Telegram bot in Zalo's
 * terms. A citizen or collaborator writes → their details are collected (request-user-info, or
 * typed; a collaborator the operator registered is recognised by phone) → the message becomes an
 * item, acknowledged by core with its tracking code → the outcome comes back through the sender.
 * Board members decide by commands (`#duyet TB-0042`…) that buttons also send, or by a reply
 * quoting a card; authorisation and first-decision-wins are core's (`decide`).
 * Events are handled at least once; core's use cases make a repeated one harmless.
 */
import { AttachmentTooLargeError } from "../../core/attachments/store.ts";
import { audit } from "../../core/audit.ts";
import type { CoreDeps } from "../../core/context.ts";
import type { DecisionAction } from "../../core/domain.ts";
import { PermanentError } from "../../core/errors.ts";
import { amendSubmission } from "../../core/intake/amend.ts";
import { acceptHeld, holdInbound } from "../../core/intake/hold.ts";
import { receiveInbound, type InboundInput } from "../../core/intake/receive.ts";
import { withdrawSubmission } from "../../core/intake/withdraw.ts";
import type { Logger } from "../../core/logger.ts";
import { decisionOutcomeText, reviewerMessages, senderMessages } from "../../core/messages/vi.ts";
import { activeRoles, findPerson } from "../../core/people/people.ts";
import { loadProfile, missingDetails, redeemInvite, type Detail } from "../../core/people/registration.ts";
import { answerQuestion } from "../../core/publishing/answer.ts";
import { decide, resolveTarget, type DecideResult, type DecisionTarget } from "../../core/review/decide.ts";
import { formatTrackingCode } from "../../core/tracking-code.ts";
import type { ZaloApi } from "./api.ts";
import { parseBareDecision, parseCommand, type Command, type CommandAction } from "./commands.ts";
import { downloadAttachment } from "./download.ts";
import {
  eventKind,
  messageContent,
  messageIdOf,
  quotedMessageIdOf,
  toInboundMessage,
  userOf,
  type ZaloEventBody,
} from "./events.ts";
import { createDetails } from "./details.ts";
import { zaloMessages as M } from "./messages.ts";
import { createReplies } from "./replies.ts";
import { recentSubmissions } from "../../core/intake/status.ts";
import { quotedOutbound } from "./status.ts";

export interface ZaloInboundDeps {
  core: CoreDeps;
  api: Pick<ZaloApi, "sendMessage" | "react" | "userDetail">;
  log: Logger;
  dataDir: string;
  attachmentMaxBytes: number;
  communeName: string;
  /** The host attachments may also come from besides public ones (the API's own, for a local fake). */
  trustedMediaHost: string | null;
}

/** Commands that decide on an item (the rest are the sender's own). */
const DECISIONS = new Set<CommandAction>(["approve", "reject", "request_changes", "forward", "answer"]);

/** When an event came, and whether this is its last try (then a message is kept without a file that failed). */
interface Arrival {
  at: Date;
  lastAttempt: boolean;
}

export function createZaloInbound(d: ZaloInboundDeps) {
  const { core } = d;
  const db = core.db;

  const replies = createReplies(d);
  const { say, requestInfo } = replies;
  const details = createDetails({ core, api: d.api, log: d.log, replies });
  const { ensureIdentity, displayNameOf, asked, askFor, afterDetails, onDetailAnswer, onSubmitInfo } = details;

  // -------------------------------------------------------------------------------------------
  // Messages.

  async function toInput(e: ZaloEventBody, text: string, arrival: Arrival, displayName: string | null) {
    const userId = userOf(e)!;
    const { media } = messageContent(e);
    const attachments: NonNullable<InboundInput["attachments"]>[number][] = [];
    for (const m of media) {
      try {
        const a = await downloadAttachment(m, {
          dataDir: d.dataDir,
          maxBytes: d.attachmentMaxBytes,
          trustedHost: d.trustedMediaHost,
        });
        attachments.push({
          sha256: a.sha256,
          size: a.size,
          contentType: a.contentType,
          originalName: a.originalName,
          externalRef: a.externalRef,
        });
      } catch (err) {
        // A file that cannot be had (too large, gone, or still failing at the last try): the
        // message is kept without it, and the sender is told why. Anything else is retried.
        if (!(err instanceof PermanentError) && !arrival.lastAttempt) throw err;
        const name = m.name ?? m.kind;
        if (err instanceof AttachmentTooLargeError) {
          d.log.info({ userId, url: m.url }, "Zalo attachment over the size limit");
          await say(userId, M.fileTooLarge({ name, maxMb: Math.round(d.attachmentMaxBytes / 1_048_576) }));
        } else {
          d.log.warn({ err, userId, url: m.url }, "Zalo attachment could not be downloaded");
          await say(userId, M.fileNotFetched({ name }));
        }
      }
    }
    return toInboundMessage(e, { text, displayName, attachments, receivedAt: arrival.at });
  }

  async function onNewMessage(e: ZaloEventBody, arrival: Arrival) {
    const userId = userOf(e)!;
    const { text } = messageContent(e);
    if (!text) return say(userId, M.nothingToSend());
    const identity = await db.identity.findUnique({
      where: { channel_externalId: { channel: "zalo", externalId: userId } },
    });
    const input = await toInput(e, text, arrival, identity ? null : await displayNameOf(userId));
    const missing = identity
      ? missingDetails(await loadProfile(db, identity.personId))
      : (["fullName", "contact"] as Detail[]);
    if (missing.length === 0) {
      await receiveInbound(core, input);
    } else {
      const held = await holdInbound(core, input);
      if (!held.duplicate) {
        // The person's record now exists: what is missing is read from it.
        const now = missingDetails(await loadProfile(db, held.personId));
        if (now.length === 0) await acceptHeld(core, "zalo", userId);
        else {
          await say(userId, M.detailsNeeded());
          await askFor(userId, now, true);
        }
      }
    }
    // A reaction tells the user "received" without spending a consultation message.
    const id = messageIdOf(e);
    if (id) await d.api.react(userId, id).catch((err: unknown) => d.log.debug({ err }, "Zalo reaction failed"));
  }

  async function onMessage(e: ZaloEventBody, arrival: Arrival) {
    const userId = userOf(e)!;
    const said = e.message?.text?.trim() ?? "";
    const cmd = said ? parseCommand(said) : null;
    const quoted = quotedMessageIdOf(e);
    if (quoted) {
      const ours = await quotedOutbound(db, quoted);
      if (ours?.kind === "review_card" && ours.reviewRequest && (!cmd || DECISIONS.has(cmd.action)))
        return onCardReply(userId, ours.reviewRequest.token, said, cmd, messageIdOf(e));
      if (ours?.submissionId && !cmd && (ours.kind === "text" || ours.kind === "answer")) {
        const { text } = messageContent(e);
        if (text) {
          const r = await amendSubmission(core, ours.submissionId, await toInput(e, text, arrival, null));
          // Someone else's item, or one that is gone: the message stands on its own.
          if (r.outcome !== "not_sender" && r.outcome !== "not_found") return;
        }
      }
    }
    if (cmd) return onCommand(userId, cmd, e, arrival);
    const detail = await asked(userId);
    if (detail && said && !e.message?.attachments?.length && (await onDetailAnswer(userId, detail, said))) return;
    return onNewMessage(e, arrival);
  }

  // -------------------------------------------------------------------------------------------
  // Commands and decisions.

  async function onCommand(userId: string, cmd: Command, e: ZaloEventBody, arrival: Arrival) {
    switch (cmd.action) {
      case "help":
        return say(userId, M.help());
      case "start": {
        const identity = await ensureIdentity(userId, arrival.at);
        return say(userId, M.greeting({ name: identity.displayName }));
      }
      case "link": {
        await ensureIdentity(userId, arrival.at);
        if (!cmd.rest) {
          await say(userId, M.linkHow());
          return requestInfo(userId);
        }
        const r = await redeemInvite(
          db,
          cmd.rest.split(/\s+/)[0]!,
          { channel: "zalo", externalId: userId },
          { via: "zalo" },
        );
        if (!r.ok) return say(userId, M.inviteRefused(r));
        return afterDetails(userId, { matched: true, personId: r.personId });
      }
      case "status":
        return say(
          userId,
          senderMessages.statusList(
            await recentSubmissions(db, { channel: "zalo", externalId: userId }, { timeZone: core.settings.timeZone }),
          ),
        );
      case "withdraw": {
        if (!cmd.trackingCode) return say(userId, M.withdrawUsage());
        const person = await findPerson(db, `zalo:${userId}`);
        const r = person
          ? await withdrawSubmission(core, { trackingCode: cmd.trackingCode, personId: person.id, via: "zalo" })
          : ({ outcome: "not_found" } as const);
        // A withdrawal is confirmed by core, through the sender, like every outcome.
        if (r.outcome === "not_found") return say(userId, M.withdrawNotFound({ code: cmd.trackingCode }));
        if (r.outcome === "not_withdrawable") return say(userId, senderMessages.notWithdrawable(r));
        return;
      }
      default: {
        if (!cmd.trackingCode) return say(userId, M.decideUsage());
        // "#bosung <mã> …" from the item's own sender adds to it; from the board it asks for changes.
        if (cmd.action === "request_changes" && cmd.rest) {
          const own = await ownItem(userId, cmd.trackingCode);
          if (own) {
            const r = await amendSubmission(core, own, await toInput(e, cmd.rest, arrival, null));
            if (r.outcome !== "not_sender" && r.outcome !== "not_found") return;
          }
        }
        return decideBy(userId, { trackingCode: cmd.trackingCode }, cmd, messageIdOf(e));
      }
    }
  }

  async function ownItem(userId: string, trackingCode: string): Promise<string | null> {
    const person = await findPerson(db, `zalo:${userId}`);
    const item = await resolveTarget(db, { trackingCode });
    return person && item && item.senderId === person.id ? item.id : null;
  }

  async function onCardReply(userId: string, token: string, said: string, cmd: Command | null, quoteOf: string | null) {
    const decision = cmd ?? parseBareDecision(said);
    if (decision) {
      const target: DecisionTarget = decision.trackingCode ? { trackingCode: decision.trackingCode } : { token };
      return decideBy(userId, target, decision, quoteOf);
    }
    // Anything else written in reply to a card is the answer to its question.
    return decideBy(userId, { token }, { action: "answer", trackingCode: null, reasonCode: null, rest: said }, quoteOf);
  }

  /** Decides (or answers) for the board member behind `userId`; the outcome quotes their message. */
  async function decideBy(userId: string, target: DecisionTarget, cmd: Command, quote: string | null) {
    const item = await resolveTarget(db, target);
    if (!item)
      return say(userId, reviewerMessages.notFound({ code: "trackingCode" in target ? target.trackingCode : "" }));
    const trackingCode = formatTrackingCode(item.trackingNumber);
    if (cmd.action === "reject" && !cmd.reasonCode) return say(userId, M.reasonNeeded({ trackingCode }));
    if (cmd.action === "forward" && !cmd.rest) return say(userId, M.forwardUsage({ trackingCode }));
    if (cmd.action === "answer" && !cmd.rest) return say(userId, M.answerUsage({ trackingCode }));
    const person = await findPerson(db, `zalo:${userId}`);
    const action = cmd.action as DecisionAction | "answer";
    const r: DecideResult = !person
      ? { outcome: "not_allowed", trackingCode }
      : action === "answer"
        ? await answerQuestion(core, { target, responderId: person.id, channel: "zalo", text: cmd.rest })
        : await decide(core, {
            target,
            deciderId: person.id,
            channel: "zalo",
            action,
            ...(action === "reject" && { reasonCode: cmd.reasonCode }),
            ...(action === "forward"
              ? { forwardTo: { fieldCode: cmd.rest.split(/\s+/)[0]!.toLowerCase() } }
              : { note: cmd.rest || null }),
          });
    await say(userId, decisionText(r, action, trackingCode), quote);
    // Someone not (yet) linked to the board: offer to link by the phone number registered.
    if (r.outcome === "not_allowed" && (!person || (await activeRoles(db, person.id)).length === 0)) {
      await say(userId, M.notRegistered());
      await requestInfo(userId);
    }
  }

  // -------------------------------------------------------------------------------------------

  async function onFollow(e: ZaloEventBody, at: Date) {
    const userId = userOf(e)!;
    const identity = await ensureIdentity(userId, at);
    await say(userId, M.greeting({ name: identity.displayName }));
  }

  async function onUnfollow(e: ZaloEventBody) {
    const userId = userOf(e)!;
    const identity = await db.identity.findUnique({
      where: { channel_externalId: { channel: "zalo", externalId: userId } },
    });
    if (!identity) return;
    // Kept on record: messages to them will fail at Zalo and go another way.
    await db.$transaction((tx) =>
      audit(tx, { actorId: identity.personId, via: "zalo", action: "zalo.unfollowed", data: { userId } }),
    );
  }

  return {
    /** Handles one stored event. Throws only what a retry can fix. */
    async handle(e: ZaloEventBody, receivedAt: Date, opts = { lastAttempt: false }): Promise<void> {
      const kind = eventKind(e);
      if (kind !== "echo" && kind !== "receipt" && kind !== "other" && !userOf(e)) {
        d.log.warn({ event: e.event_name }, "Zalo event without a user: ignored");
        return;
      }
      const userId = userOf(e);
      // Any interaction opens Zalo's 7-day window: the sender's window check reads this first.
      if (userId && kind !== "echo" && kind !== "receipt" && kind !== "unfollow") {
        await db.identity.updateMany({
          where: {
            channel: "zalo",
            externalId: userId,
            OR: [{ lastSeenAt: null }, { lastSeenAt: { lt: new Date(receivedAt.getTime() - 3_600_000) } }],
          },
          data: { lastSeenAt: receivedAt },
        });
      }
      switch (kind) {
        case "message":
          return onMessage(e, { at: receivedAt, lastAttempt: opts.lastAttempt });
        case "submit_info":
          return onSubmitInfo(e, receivedAt);
        case "follow":
          return onFollow(e, receivedAt);
        case "unfollow":
          return onUnfollow(e);
        default:
          return;
      }
    },
  };
}

/** A decision's outcome as the board member reads it. */
export function decisionText(r: DecideResult, action: DecisionAction | "answer", trackingCode: string): string {
  return decisionOutcomeText(r, action, trackingCode);
}

/**
 * A reply to one reviewer's review card (`reply+<card token>@`): applied only when it comes from
 * that reviewer's own address and the receiving server did not find it forged; the decision then
 * goes through core like any other (same authorisation, first decision wins). Otherwise it is
 * kept, audited, and the card's reviewer and the secretariat are told.
 */
import { decisionOutcomeText } from "../../core/messages/vi.ts";
import { pickAddress } from "../../core/notify/outbound.ts";
import { findPerson } from "../../core/people/people.ts";
import type { FollowUp } from "../../core/ports.ts";
import { answerQuestion } from "../../core/publishing/answer.ts";
import { decide, resolveTarget, type DecideResult } from "../../core/review/decide.ts";
import { formatTrackingCode } from "../../core/tracking-code.ts";
import { mailReplies } from "../messages.ts";
import { parseReviewCommand } from "../review-command.ts";
import type { MailIntakeDeps, MailOutcome, Processed } from "./intake.ts";
import type { ParsedMail } from "./parse.ts";
import { recordNotices, setAside, type Notice } from "./set-aside.ts";

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

export type Card = { id: string; token: string; reviewerId: string; submissionId: string; status: string };

/**
 * A reply to one reviewer's card. Applied only when it comes from that reviewer's own address and
 * the receiving server did not find it forged; the decision then goes through core like any other.
 */
export async function reviewReply(
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
  return decisionOutcomeText(r, action, "");
}

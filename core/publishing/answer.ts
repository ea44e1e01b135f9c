/**
 * Answering a question (trả lời): the responder's answer is published with the question (without
 * the citizen's personal data) as soon as it is received, and sent to the citizen. The first
 * answer wins, like any decision.
 */
import { audit } from "../audit.ts";
import { now, type CoreDeps } from "../context.ts";
import type { Channel } from "../domain.ts";
import { decideProblems, senderMessages, STATUS_LABELS } from "../messages/vi.ts";
import { notifySender } from "../notify/outbound.ts";
import { activeRoles } from "../people/people.ts";
import type { FollowUp } from "../ports.ts";
import { mayDecide } from "../review/authorize.ts";
import { renderOutcome } from "../review/card.ts";
import { closeCards } from "../review/close-cards.ts";
import { resolveTarget, type DecideResult, type DecisionTarget } from "../review/decide.ts";
import { formatDateTime } from "../messages/vi.ts";
import { formatTrackingCode } from "../tracking-code.ts";
import { initials, slugFor, titleFor, withoutPersonalData } from "./publication-text.ts";
import { publicationUrl } from "./publish.ts";

export interface AnswerInput {
  target: DecisionTarget;
  responderId: string;
  channel: Channel | "cli";
  text: string;
  /** The responding unit shown with the answer; defaults to the responder's unit. */
  unit?: string | null;
}

export async function answerQuestion(deps: CoreDeps, input: AnswerInput): Promise<DecideResult> {
  const answerText = input.text.normalize("NFC").trim();
  if (!answerText) return { outcome: "invalid", problem: decideProblems.emptyAnswer };
  const s = await resolveTarget(deps.db, input.target);
  if (!s) return { outcome: "not_found" };
  const trackingCode = formatTrackingCode(s.trackingNumber);
  if (s.kind !== "question" && s.kind !== "feedback")
    return { outcome: "invalid", problem: decideProblems.notAQuestion };

  let followUps: FollowUp[] = [];
  const result = await deps.db.$transaction(async (tx): Promise<DecideResult> => {
    const roles = await activeRoles(tx, input.responderId);
    const ownPending = await tx.reviewRequest.count({
      where: { submissionId: s.id, reviewerId: input.responderId, round: s.round, status: "pending" },
    });
    const allowed = mayDecide({
      roles,
      stage: "first",
      action: "answer",
      itemFieldId: s.fieldId,
      hasOwnPendingRequest: ownPending > 0,
    });
    const { count } = allowed
      ? await tx.submission.updateMany({
          where: { id: s.id, status: "in_review", round: s.round },
          data: { status: "answered", statusAt: new Date() },
        })
      : { count: 0 };
    if (count === 0) {
      const prior = await tx.answer.findFirst({
        where: { submissionId: s.id },
        include: { responder: true },
        orderBy: { createdAt: "asc" },
      });
      if (prior) {
        return {
          outcome: "already_decided",
          trackingCode,
          action: "Đã trả lời",
          by: prior.responder.fullName ?? "đơn vị trả lời",
          at: formatDateTime(prior.createdAt, deps.settings.timeZone),
        };
      }
      if (!allowed) {
        await audit(tx, {
          actorId: input.responderId,
          via: input.channel,
          action: "answer.refused",
          submissionId: s.id,
        });
        return { outcome: "not_allowed", trackingCode };
      }
      const current = await tx.submission.findUniqueOrThrow({ where: { id: s.id } });
      return { outcome: "not_in_review", trackingCode, status: STATUS_LABELS[current.status] ?? current.status };
    }
    const at = now(deps);
    const responder = await tx.person.findUniqueOrThrow({ where: { id: input.responderId } });
    const unit =
      input.unit?.normalize("NFC").trim() ||
      roles.find((r) => r.role === "responder")?.unit ||
      responder.workplace ||
      null;
    const channel = input.channel === "cli" ? s.channel : input.channel;
    const answer = await tx.answer.create({
      data: { submissionId: s.id, responderId: input.responderId, unit, text: answerText, channel, createdAt: at },
    });
    const sender = await tx.person.findUniqueOrThrow({ where: { id: s.senderId } });
    const question = withoutPersonalData(s.text);
    const title = titleFor(s.title ? withoutPersonalData(s.title) : null, question);
    const slug = slugFor(title, s.trackingNumber);
    await tx.publication.create({
      data: {
        submissionId: s.id,
        slug,
        kind: s.kind ?? "question",
        fieldId: s.fieldId,
        title,
        body: question,
        question,
        answerText,
        answerUnit: unit,
        answeredAt: at,
        author: initials(sender.fullName),
        source: unit ?? "Ban biên tập",
      },
    });
    await tx.reviewRequest.updateMany({
      where: { submissionId: s.id, round: s.round, status: "pending" },
      data: { status: "closed", closedAt: at },
    });
    await tx.reviewRequest.updateMany({
      where: { submissionId: s.id, round: s.round, reviewerId: input.responderId },
      data: { status: "decided" },
    });
    const outcome = renderOutcome(
      { action: "answer", deciderName: responder.fullName ?? unit ?? "Đơn vị trả lời", decidedAt: at },
      deps.settings.timeZone,
    );
    const url = publicationUrl(deps.settings.publicBaseUrl, slug);
    const params = { trackingCode, question, answer: answerText, unit, url };
    followUps = [
      ...(await closeCards(tx, { submissionId: s.id, round: s.round }, outcome)),
      ...(await notifySender(tx, deps, s, {
        kind: "answer",
        template: "answered",
        params: { ...params, text: senderMessages.answered(params) },
        text: senderMessages.answered(params),
      })),
    ];
    await audit(tx, {
      actorId: input.responderId,
      via: input.channel,
      action: "question.answered",
      submissionId: s.id,
      data: { answerId: answer.id, slug },
    });
    return { outcome: "decided", decisionId: answer.id, trackingCode };
  });
  if (result.outcome === "decided") await deps.jobs.enqueue(followUps);
  return result;
}

/**
 * Applying a decision: cards are closed everywhere, the sender is told, and the item moves on
 * (published, sent to the head, forwarded, returned for changes). One transaction, marked
 * applied inside it, so a retried job does nothing twice.
 */
import { audit } from "../audit.ts";
import type { CoreDeps } from "../context.ts";
import { isRejectionReasonCode } from "../domain.ts";
import type { StepResult } from "../intake/classify-submission.ts";
import { senderMessages } from "../messages/vi.ts";
import { notifySender } from "../notify/outbound.ts";
import type { FollowUp } from "../ports.ts";
import { formatTrackingCode } from "../tracking-code.ts";
import { renderOutcome } from "./card.ts";
import { closeCards } from "./close-cards.ts";
import { openReviewStage } from "./open-stage.ts";

export async function applyDecision(deps: CoreDeps, decisionId: string): Promise<StepResult> {
  let followUps: FollowUp[] = [];
  const result = await deps.db.$transaction(async (tx) => {
    const { count } = await tx.decision.updateMany({
      where: { id: decisionId, state: "recorded" },
      data: { state: "applied", appliedAt: new Date() },
    });
    if (count === 0) return "skipped" as const;
    const d = await tx.decision.findUniqueOrThrow({ where: { id: decisionId }, include: { decider: true } });
    const s = await tx.submission.findUniqueOrThrow({ where: { id: d.submissionId } });
    const trackingCode = formatTrackingCode(s.trackingNumber);
    const out: FollowUp[] = [];
    // The sender withdrew the item between the decision and now: the decision has nothing left to do.
    if (s.status === "withdrawn") {
      await audit(tx, {
        actorId: d.deciderId,
        via: "system",
        action: "decision.void",
        submissionId: s.id,
        data: { decisionId: d.id },
      });
      followUps = [];
      return "done" as const;
    }

    const outcome = renderOutcome(
      {
        action: d.action,
        deciderName: d.decider.fullName ?? "Ban biên tập",
        decidedAt: d.decidedAt,
        reasonCode: d.reasonCode,
        note: d.note,
      },
      deps.settings.timeZone,
    );
    out.push(...(await closeCards(tx, { submissionId: s.id, round: d.round, stage: d.stage }, outcome)));

    // Conditional on the status read above: a withdrawal landing meanwhile makes the job retry.
    const move = async (status: typeof s.status, extra: Record<string, unknown> = {}) => {
      const { count } = await tx.submission.updateMany({
        where: { id: s.id, status: s.status },
        data: { status, statusAt: new Date(), ...extra },
      });
      if (count === 0) throw new Error("the item changed while the decision was applied; retry");
    };

    switch (d.action) {
      case "approve": {
        if (s.kind === "complaint") {
          // Complaints and denunciations are forwarded to the competent unit, never published.
          await move("forwarded");
          out.push(
            ...(await notifySender(
              tx,
              deps,
              s,
              text("forwarded", { trackingCode }, senderMessages.forwarded({ trackingCode })),
            )),
          );
        } else if (deps.settings.approvalPolicy === "two-step" && d.stage === "first") {
          const opened = await openReviewStage(tx, deps, s.id, "final");
          await move("in_review");
          out.push(...opened.followUps);
        } else {
          await move("approved");
          out.push({ name: "publish-submission", data: { submissionId: s.id } });
        }
        break;
      }
      case "reject": {
        await move("rejected");
        if (isRejectionReasonCode(d.reasonCode)) {
          const params = { trackingCode, reasonCode: d.reasonCode, note: d.note };
          out.push(...(await notifySender(tx, deps, s, text("rejected", params, senderMessages.rejected(params)))));
        }
        break;
      }
      case "request_changes": {
        await move("changes_requested");
        const params = { trackingCode, note: d.note };
        out.push(
          ...(await notifySender(
            tx,
            deps,
            s,
            text("changesRequested", params, senderMessages.changesRequested(params)),
          )),
        );
        break;
      }
      case "forward": {
        const round = s.round + 1;
        await move("classified", {
          round,
          fieldId: d.forwardFieldId ?? s.fieldId,
          assignedToId: d.forwardPersonId,
          needsPerson: false,
        });
        out.push({ name: "request-review", data: { submissionId: s.id, round } });
        break;
      }
    }
    await audit(tx, {
      actorId: d.deciderId,
      via: "system",
      action: "decision.applied",
      submissionId: s.id,
      data: { decisionId: d.id, action: d.action },
    });
    followUps = out;
    return "done" as const;
  });
  if (result === "done") await deps.jobs.enqueue(followUps);
  return result;
}

function text(template: string, params: object, rendered: string) {
  return { kind: "text" as const, template, params: params as never, text: rendered };
}

/**
 * Deciding (quyết định): approve, reject with one of the nine reasons, request changes, or
 * forward. The first decision wins: a unique row per submission, stage and round. A late decider
 * is told who decided and when. The decision's effects are applied by `apply-decision`.
 */
import { audit } from "../audit.ts";
import { now, type CoreDeps } from "../context.ts";
import { isUniqueViolation, type Tx } from "../db.ts";
import { isRejectionReasonCode, type Channel, type DecisionAction } from "../domain.ts";
import { ACTION_LABELS, decideProblems, formatDateTime, STATUS_LABELS } from "../messages/vi.ts";
import { activeRoles } from "../people/people.ts";
import { formatTrackingCode, parseTrackingCode } from "../tracking-code.ts";
import { mayDecide } from "./authorize.ts";

/** Which item: by the token on a card, by id, or by the tracking code a person typed. */
export type DecisionTarget = { token: string } | { submissionId: string } | { trackingCode: string };

export interface DecideInput {
  target: DecisionTarget;
  deciderId: string;
  channel: Channel | "cli";
  action: DecisionAction;
  reasonCode?: number | null;
  note?: string | null;
  forwardTo?: { fieldCode?: string; personId?: string };
}

export type DecideResult =
  | { outcome: "decided"; decisionId: string; trackingCode: string }
  | { outcome: "already_decided"; trackingCode: string; action: string; by: string; at: string }
  | { outcome: "not_allowed"; trackingCode: string }
  | { outcome: "not_in_review"; trackingCode: string; status: string }
  | { outcome: "invalid"; problem: string }
  | { outcome: "not_found" };

/** Finds the submission a target names. */
export async function resolveTarget(tx: Tx | CoreDeps["db"], target: DecisionTarget) {
  if ("token" in target) {
    const r = await tx.reviewRequest.findUnique({ where: { token: target.token }, select: { submissionId: true } });
    return r ? tx.submission.findUnique({ where: { id: r.submissionId } }) : null;
  }
  if ("submissionId" in target) return tx.submission.findUnique({ where: { id: target.submissionId } });
  const n = parseTrackingCode(target.trackingCode);
  return n ? tx.submission.findUnique({ where: { trackingNumber: n } }) : null;
}

/** The stage now open for a submission's current round: `final` once the head has been asked. */
export async function currentStage(tx: Tx, submissionId: string, round: number): Promise<"first" | "final"> {
  const final = await tx.reviewRequest.count({ where: { submissionId, round, stage: "final" } });
  return final > 0 ? "final" : "first";
}

/** Decides, then enqueues the decision's effects after commit. This is what channels call. */
export async function decide(deps: CoreDeps, input: DecideInput): Promise<DecideResult> {
  const r = await recordDecision(deps, input);
  if (r.outcome === "decided")
    await deps.jobs.enqueue([{ name: "apply-decision", data: { decisionId: r.decisionId } }]);
  return r;
}

async function recordDecision(deps: CoreDeps, input: DecideInput): Promise<DecideResult> {
  const note = input.note?.normalize("NFC").trim() || null;
  if (input.action === "reject") {
    if (input.reasonCode == null) return { outcome: "invalid", problem: decideProblems.reasonRequired };
    if (!isRejectionReasonCode(input.reasonCode)) return { outcome: "invalid", problem: decideProblems.unknownReason };
  }
  let forwardFieldId: string | null = null;
  let forwardPersonId: string | null = null;
  if (input.action === "forward") {
    if (!input.forwardTo?.fieldCode && !input.forwardTo?.personId) {
      return { outcome: "invalid", problem: decideProblems.forwardTarget };
    }
    if (input.forwardTo.fieldCode) {
      const f = await deps.db.field.findUnique({ where: { code: input.forwardTo.fieldCode } });
      if (!f) return { outcome: "invalid", problem: decideProblems.unknownField };
      forwardFieldId = f.id;
    }
    if (input.forwardTo.personId) {
      const p = await deps.db.person.findUnique({ where: { id: input.forwardTo.personId } });
      if (!p || p.revokedAt) return { outcome: "invalid", problem: decideProblems.unknownPerson };
      forwardPersonId = p.id;
    }
  }

  const s = await resolveTarget(deps.db, input.target);
  if (!s) return { outcome: "not_found" };
  const trackingCode = formatTrackingCode(s.trackingNumber);
  if (input.action === "approve" && (s.kind === "question" || s.kind === "feedback")) {
    return { outcome: "invalid", problem: decideProblems.questionNotApproved };
  }
  const via = input.channel;
  try {
    return await deps.db.$transaction(async (tx) => {
      const stage = await currentStage(tx, s.id, s.round);
      const existing = await tx.decision.findUnique({
        where: { submissionId_stage_round: { submissionId: s.id, stage, round: s.round } },
        include: { decider: true },
      });
      if (existing) return alreadyDecided(deps, trackingCode, existing);
      if (s.status !== "in_review") {
        return { outcome: "not_in_review" as const, trackingCode, status: STATUS_LABELS[s.status] ?? s.status };
      }
      const roles = await activeRoles(tx, input.deciderId);
      const ownPending = await tx.reviewRequest.count({
        where: { submissionId: s.id, reviewerId: input.deciderId, stage, round: s.round, status: "pending" },
      });
      if (
        !mayDecide({ roles, stage, action: input.action, itemFieldId: s.fieldId, hasOwnPendingRequest: ownPending > 0 })
      ) {
        await audit(tx, {
          actorId: input.deciderId,
          via,
          action: "decision.refused",
          submissionId: s.id,
          data: { attempted: input.action, stage },
        });
        return { outcome: "not_allowed" as const, trackingCode };
      }
      const decidedAt = now(deps);
      const d = await tx.decision.create({
        data: {
          submissionId: s.id,
          stage,
          round: s.round,
          action: input.action,
          deciderId: input.deciderId,
          channel: input.channel === "cli" ? s.channel : input.channel,
          reasonCode: input.action === "reject" ? input.reasonCode! : null,
          note,
          forwardFieldId,
          forwardPersonId,
          decidedAt,
        },
      });
      await tx.reviewRequest.updateMany({
        where: { submissionId: s.id, stage, round: s.round, status: "pending", reviewerId: input.deciderId },
        data: { status: "decided", closedAt: decidedAt },
      });
      await tx.reviewRequest.updateMany({
        where: { submissionId: s.id, stage, round: s.round, status: "pending" },
        data: { status: "closed", closedAt: decidedAt },
      });
      await audit(tx, {
        actorId: input.deciderId,
        via,
        action: `decision.${input.action}`,
        submissionId: s.id,
        data: { decisionId: d.id, stage, round: s.round, reasonCode: d.reasonCode, note },
      });
      return { outcome: "decided" as const, decisionId: d.id, trackingCode };
    });
  } catch (e) {
    // Someone else's decision committed between our check and our insert: theirs wins.
    if (!isUniqueViolation(e)) throw e;
    const stage = await deps.db.$transaction((tx) => currentStage(tx, s.id, s.round));
    const winner = await deps.db.decision.findUniqueOrThrow({
      where: { submissionId_stage_round: { submissionId: s.id, stage, round: s.round } },
      include: { decider: true },
    });
    return alreadyDecided(deps, trackingCode, winner);
  }
}

function alreadyDecided(
  deps: CoreDeps,
  trackingCode: string,
  d: { action: DecisionAction; decidedAt: Date; decider: { fullName: string | null } },
) {
  return {
    outcome: "already_decided" as const,
    trackingCode,
    action: ACTION_LABELS[d.action],
    by: d.decider.fullName ?? "một thành viên Ban biên tập",
    at: formatDateTime(d.decidedAt, deps.settings.timeZone),
  };
}

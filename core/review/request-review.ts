/**
 * Asking for review (chuyển duyệt): a classified item gets its first-stage review requests and
 * cards. A retried job finds the item already in review and does nothing.
 */
import { audit } from "../audit.ts";
import type { CoreDeps } from "../context.ts";
import type { StepResult } from "../intake/classify-submission.ts";
import type { FollowUp } from "../ports.ts";
import { openReviewStage } from "./open-stage.ts";

export async function requestReview(deps: CoreDeps, submissionId: string, round: number): Promise<StepResult> {
  let followUps: FollowUp[] = [];
  const outcome = await deps.db.$transaction(async (tx) => {
    // Claim the transition first: of two racing jobs, one moves the row and the other sees count 0.
    const { count } = await tx.submission.updateMany({
      where: { id: submissionId, status: "classified", round },
      data: { status: "in_review", statusAt: new Date() },
    });
    if (count === 0) return "skipped" as const;
    const opened = await openReviewStage(tx, deps, submissionId, "first");
    if (opened.reviewers === 0) {
      // Nobody holds a role yet: stay classified; the sweeper asks again once a board exists.
      await tx.submission.update({ where: { id: submissionId }, data: { status: "classified" } });
      await audit(tx, { via: "system", action: "review.unrouted", submissionId });
      return "unrouted" as const;
    }
    followUps = opened.followUps;
    return "done" as const;
  });
  if (outcome === "unrouted") {
    deps.log.warn({ submissionId }, "no reviewer holds a role: the item waits for a board member");
    return "skipped";
  }
  if (outcome === "done") await deps.jobs.enqueue(followUps);
  return outcome;
}

/**
 * The job catalogue: which queue each job goes to, its deterministic id, and its retry policy.
 * Payloads are ids only (`core/ports.ts` JobPayloads): never message bodies, never tokens.
 */
import type { JobsOptions } from "bullmq";
import type { Channel } from "../core/domain.ts";
import type { FollowUp } from "../core/ports.ts";

/** The pipeline's steps share one queue; each channel's deliveries have their own, rate-limited. */
export const PIPELINE_QUEUE = "pipeline";
export const MAINTENANCE_QUEUE = "maintenance";
export const sendQueueName = (channel: Channel) => `send-${channel}`;

export const PIPELINE_JOBS = ["classify-submission", "request-review", "apply-decision", "publish-submission"] as const;

/** The queue a job goes to. */
export function queueFor(job: FollowUp): string {
  return job.name === "send-message" ? sendQueueName(job.data.channel) : PIPELINE_QUEUE;
}

/**
 * A deterministic id: the same follow-up enqueued twice while retained is one job. This only
 * dedupes while the job exists in Redis; the state check in every handler is the guarantee.
 */
export function jobIdFor(job: FollowUp): string {
  switch (job.name) {
    case "classify-submission":
    case "publish-submission":
      return `${job.name}-${job.data.submissionId}`;
    case "request-review":
      return `${job.name}-${job.data.submissionId}-r${job.data.round}`;
    case "apply-decision":
      return `${job.name}-${job.data.decisionId}`;
    case "send-message":
      return `${job.name}-${job.data.outboundMessageId}`;
  }
}

/** Retries with exponential backoff (1 s, 2 s, 4 s … about 4 minutes in all); completed jobs kept an hour. */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 9,
  backoff: { type: "exponential", delay: 1_000, jitter: 0.3 },
  removeOnComplete: { age: 3_600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3_600 },
};

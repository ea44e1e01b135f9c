/**
 * The job sink core enqueues into after commit. A failure to enqueue is logged, not thrown: the
 * state is already committed and the sweeper re-drives it.
 */
import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "../core/logger.ts";
import type { FollowUp, JobSink } from "../core/ports.ts";
import { DEFAULT_JOB_OPTIONS, jobIdFor, queueFor } from "./jobs.ts";

export interface Producer extends JobSink {
  queue(name: string): Queue;
  close(): Promise<void>;
}

export function createProducer(opts: {
  connection: Redis;
  prefix: string;
  log: Logger;
  throwOnError?: boolean;
}): Producer {
  const queues = new Map<string, Queue>();
  const queue = (name: string) => {
    let q = queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: opts.connection, prefix: opts.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
      q.on("error", (e) => opts.log.warn({ queue: name, err: e.message }, "queue error"));
      queues.set(name, q);
    }
    return q;
  };
  return {
    queue,
    async enqueue(jobs: readonly FollowUp[]) {
      if (jobs.length === 0) return;
      const byQueue = new Map<string, FollowUp[]>();
      for (const j of jobs) {
        const name = queueFor(j);
        byQueue.set(name, [...(byQueue.get(name) ?? []), j]);
      }
      try {
        await Promise.all(
          [...byQueue].map(([name, js]) =>
            queue(name).addBulk(
              js.map((j) => ({
                name: j.name,
                data: j.data,
                opts: { jobId: jobIdFor(j), ...(j.delayMs && { delay: j.delayMs }) },
              })),
            ),
          ),
        );
      } catch (e) {
        opts.log.warn({ err: (e as Error).message, jobs: jobs.length }, "enqueue failed; the sweeper will re-drive");
        if (opts.throwOnError) throw e;
      }
    },
    async close() {
      await Promise.all([...queues.values()].map((q) => q.close()));
    },
  };
}

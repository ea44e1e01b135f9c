/**
 * The workers: one for the pipeline's steps, one per channel's deliveries (rate-limited on its
 * own), one for maintenance (the sweeper and the heartbeat that readiness checks).
 */
import { DelayedError, UnrecoverableError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { CHANNELS, type Channel } from "../core/domain.ts";
import { isPermanent, retryAfterOf } from "../core/errors.ts";
import type { Logger } from "../core/logger.ts";
import type { JobName } from "../core/ports.ts";
import { findStuckWork } from "../core/sweep.ts";
import { HANDLERS } from "./handlers/index.ts";
import type { HandlerDeps } from "./handlers/types.ts";
import { MAINTENANCE_QUEUE, PIPELINE_QUEUE, sendQueueName } from "./jobs.ts";
import type { Producer } from "./producer.ts";

export interface WorkerSettings {
  prefix: string;
  concurrency: number;
  shutdownTimeoutMs: number;
  outboundRate: Record<Channel, { max: number; durationMs: number }>;
  sweeper: { intervalMs: number; stuckAfterMs: number };
  heartbeatMs?: number;
  /** How long a job's lock lasts without renewal: a killed worker's job is taken over after this. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

export interface Workers {
  workers: Worker[];
  close(): Promise<void>;
}

export const heartbeatKey = (prefix: string) => `${prefix}:workers:heartbeat`;

export async function createWorkers(
  deps: HandlerDeps & { connection: Redis; producer: Producer; log: Logger },
  s: WorkerSettings,
): Promise<Workers> {
  const log = deps.log.child({ mod: "workers" });
  const handlers = Object.fromEntries(Object.entries(HANDLERS).map(([name, f]) => [name, f(deps)])) as {
    [N in JobName]: ReturnType<(typeof HANDLERS)[N]>;
  };

  const run = async (job: Job, token?: string) => {
    const handler = handlers[job.name as JobName] as ((data: unknown) => Promise<string>) | undefined;
    if (!handler) throw new UnrecoverableError(`no handler for job ${job.name}`);
    try {
      return await handler(job.data);
    } catch (e) {
      if (isPermanent(e)) throw new UnrecoverableError((e as Error).message);
      // A flood limit (429 retry_after) is not a failure: the job waits as asked, its attempts untouched.
      const wait = retryAfterOf(e);
      if (wait !== null && token) {
        log.info({ job: job.name, jobId: job.id, retryAfterMs: wait }, "provider asked to wait; delivery delayed");
        await job.moveToDelayed(Date.now() + wait, token);
        throw new DelayedError();
      }
      throw e;
    }
  };

  const heartbeatMs = s.heartbeatMs ?? 5_000;
  const maintenance = async (job: Job) => {
    if (job.name === "heartbeat") {
      await deps.connection.set(heartbeatKey(s.prefix), String(Date.now()), "PX", heartbeatMs * 6);
      return "done";
    }
    if (job.name === "sweep") {
      const work = await findStuckWork(deps.core, s.sweeper.stuckAfterMs);
      if (work.length > 0) log.info({ jobs: work.length }, "sweeper re-drives stuck work");
      await deps.producer.enqueue(work);
      return work.length > 0 ? "done" : "skipped";
    }
    throw new UnrecoverableError(`unknown maintenance job ${job.name}`);
  };

  const common = {
    connection: deps.connection,
    prefix: s.prefix,
    ...(s.lockDurationMs ? { lockDuration: s.lockDurationMs } : {}),
    ...(s.stalledIntervalMs ? { stalledInterval: s.stalledIntervalMs } : {}),
  };
  const workers = [
    new Worker(PIPELINE_QUEUE, run, { ...common, concurrency: s.concurrency }),
    ...CHANNELS.map(
      (c) =>
        new Worker(sendQueueName(c), run, {
          ...common,
          concurrency: Math.max(1, Math.min(s.concurrency, s.outboundRate[c].max)),
          limiter: { max: s.outboundRate[c].max, duration: s.outboundRate[c].durationMs },
        }),
    ),
    new Worker(MAINTENANCE_QUEUE, maintenance, { ...common, concurrency: 1 }),
  ];
  for (const w of workers) {
    w.on("error", (e) => log.error({ queue: w.name, err: e.message }, "worker error"));
    w.on("failed", (job, err) => {
      if (!job) return;
      const final = job.attemptsMade >= (job.opts.attempts ?? 1) || err instanceof UnrecoverableError;
      const entry = { queue: w.name, job: job.name, jobId: job.id, attempt: job.attemptsMade, err: err.message };
      if (final) log.error(entry, "job failed for good");
      else log.warn(entry, "job failed; will retry");
    });
  }

  const mq = deps.producer.queue(MAINTENANCE_QUEUE);
  await mq.upsertJobScheduler(
    "heartbeat",
    { every: heartbeatMs },
    { name: "heartbeat", opts: { removeOnComplete: true, removeOnFail: 100 } },
  );
  await mq.upsertJobScheduler(
    "sweep",
    { every: s.sweeper.intervalMs },
    { name: "sweep", opts: { removeOnComplete: true, removeOnFail: 100 } },
  );
  await mq.add("heartbeat", {}, { removeOnComplete: true, removeOnFail: 100 });

  return {
    workers,
    async close() {
      // worker.close() waits for active jobs with no timeout of its own: bound it, then force.
      await Promise.all(
        workers.map(async (w) => {
          let timer: NodeJS.Timeout | undefined;
          const timedOut = new Promise<"timeout">((r) => (timer = setTimeout(() => r("timeout"), s.shutdownTimeoutMs)));
          const r = await Promise.race([w.close().then(() => "closed" as const), timedOut]);
          clearTimeout(timer);
          if (r === "timeout") {
            log.warn({ queue: w.name }, "workers did not finish in time; closing by force");
            await w.close(true);
          }
        }),
      );
    },
  };
}

/** True when a worker consumed a heartbeat job recently: Redis answering is not enough. */
export async function workersConsume(redis: Redis, prefix: string, maxAgeMs = 30_000): Promise<boolean> {
  const v = await redis.get(heartbeatKey(prefix));
  return v !== null && Date.now() - Number(v) < maxAgeMs;
}

/**
 * The webhook's inbox: an event is stored (`ZaloEvent`, the raw bytes as signed) before the
 * webhook answers, then handled by the Zalo channel from a queue of its own. Stored once per
 * event key, so a redelivery (Zalo retries for hours when an answer is slow) is acknowledged and
 * dropped. An event stored while Redis was down is re-driven from the table.
 */
import { Queue, UnrecoverableError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { Db } from "../../core/db.ts";
import { isPermanent } from "../../core/errors.ts";
import { isUniqueViolation } from "../../core/db.ts";
import type { Logger } from "../../core/logger.ts";
import type { ZaloEventBody } from "./events.ts";

export const ZALO_INBOUND_QUEUE = "zalo-inbound";
const JOB_NAME = "handle-zalo-event";
const jobId = (id: string) => `zalo-event-${id}`;
/** Retries with backoff (1 s … about 4 minutes); then the event is kept as `failed` for inspection. */
const JOB_OPTIONS = {
  attempts: 9,
  backoff: { type: "exponential", delay: 1_000, jitter: 0.3 },
  removeOnComplete: { age: 3_600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3_600 },
} as const;

export interface StoredEvent {
  eventKey: string;
  eventName: string;
  raw: Buffer;
  signatureValid: boolean;
}

export interface ZaloInbox {
  /** Stores an event once and enqueues it; "duplicate" when this key was stored before. */
  accept(e: StoredEvent): Promise<"stored" | "duplicate">;
  /** Enqueues events still pending after `olderThanMs` (Redis was down, a job was lost). */
  redrive(olderThanMs: number): Promise<number>;
}

export function createZaloInbox(o: { db: Db; queue: Queue; log: Logger }): ZaloInbox {
  const enqueue = (ids: string[]) =>
    o.queue.addBulk(
      ids.map((id) => ({ name: JOB_NAME, data: { zaloEventId: id }, opts: { ...JOB_OPTIONS, jobId: jobId(id) } })),
    );
  return {
    async accept(e) {
      let id: string;
      try {
        ({ id } = await o.db.zaloEvent.create({
          data: {
            eventKey: e.eventKey,
            eventName: e.eventName,
            raw: new Uint8Array(e.raw),
            signatureValid: e.signatureValid,
          },
          select: { id: true },
        }));
      } catch (err) {
        if (isUniqueViolation(err)) return "duplicate";
        throw err;
      }
      // Not awaited by the webhook's answer beyond this: the row is durable, the redriver heals a miss.
      await enqueue([id]).catch((err: unknown) =>
        o.log.warn({ err: (err as Error).message, zaloEventId: id }, "enqueue failed; the redriver will pick it up"),
      );
      return "stored";
    },
    async redrive(olderThanMs) {
      const rows = await o.db.zaloEvent.findMany({
        where: { state: "pending", receivedAt: { lt: new Date(Date.now() - olderThanMs) } },
        select: { id: true },
        orderBy: { receivedAt: "asc" },
        take: 500,
      });
      if (rows.length > 0) await enqueue(rows.map((r) => r.id));
      return rows.length;
    },
  };
}

/** `lastAttempt`: no retry follows, so what can be kept must be kept now (a message without its file). */
export type EventHandler = (e: ZaloEventBody, receivedAt: Date, opts: { lastAttempt: boolean }) => Promise<void>;

/** The worker that handles stored events one at a time, in the order they came. */
export function createZaloEventWorker(o: {
  db: Db;
  connection: Redis;
  prefix: string;
  handle: EventHandler;
  log: Logger;
}): Worker {
  const run = async (job: Job<{ zaloEventId: string }>) => {
    const row = await o.db.zaloEvent.findUnique({ where: { id: job.data.zaloEventId } });
    if (!row || row.state !== "pending") return "skipped";
    const log = o.log.child({ zaloEventId: row.id, event: row.eventName });
    try {
      const event = JSON.parse(Buffer.from(row.raw).toString("utf8")) as ZaloEventBody;
      await o.handle(event, row.receivedAt, { lastAttempt: job.attemptsMade + 1 >= (job.opts.attempts ?? 1) });
    } catch (e) {
      const final = isPermanent(e) || e instanceof SyntaxError || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await o.db.zaloEvent.update({
        where: { id: row.id },
        data: {
          attempts: { increment: 1 },
          lastError: (e instanceof Error ? e.message : String(e)).slice(0, 500),
          ...(final && { state: "failed" }),
        },
      });
      if (final) {
        log.error({ err: e }, "a Zalo event could not be handled; kept as failed");
        throw new UnrecoverableError(e instanceof Error ? e.message : String(e));
      }
      log.warn({ err: e, attempt: job.attemptsMade + 1 }, "a Zalo event failed; will retry");
      throw e;
    }
    await o.db.zaloEvent.update({
      where: { id: row.id },
      data: { state: "done", processedAt: new Date(), attempts: { increment: 1 }, lastError: null },
    });
    return "done";
  };
  const worker = new Worker(ZALO_INBOUND_QUEUE, run, { connection: o.connection, prefix: o.prefix, concurrency: 1 });
  worker.on("error", (e) => o.log.error({ err: e.message }, "Zalo event worker error"));
  return worker;
}

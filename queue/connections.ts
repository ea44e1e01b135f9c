/**
 * Redis connections as BullMQ's production guide says: workers retry forever (a job must not be
 * dropped because Redis blinked), producers fail fast (the sweeper re-enqueues what they miss).
 */
import { Redis } from "ioredis";
import type { Logger } from "../core/logger.ts";

export function createWorkerConnection(url: string, log: Logger): Redis {
  const r = new Redis(url, { maxRetriesPerRequest: null, lazyConnect: false });
  r.on("error", (e) => log.warn({ err: e.message }, "redis (workers) connection error"));
  return r;
}

export function createProducerConnection(url: string, log: Logger): Redis {
  const r = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: false, connectTimeout: 5_000 });
  r.on("error", (e) => log.warn({ err: e.message }, "redis (producer) connection error"));
  return r;
}

/**
 * Runs the bot: one process at a time per token, holding a PostgreSQL advisory lock (others
 * stand by and take over when it is released). The holder receives updates — by long polling,
 * or from the webhook, which stores them in another process and wakes it by NOTIFY — and handles
 * the inbox's pending updates one at a time, in update_id order, like Telegram sends them.
 *
 * Long polling stores each batch before the next getUpdates confirms its offset, so Telegram
 * forgets an update only once it is stored; a stop between the two sees the batch again and the
 * inbox drops the copies.
 */
import { BotError, GrammyError, type Api, type Bot } from "grammy";
import type { PoolClient } from "pg";
import type { Db } from "../../core/db.ts";
import type { Logger } from "../../core/logger.ts";
import { UPDATE_NOTIFY_CHANNEL, type TelegramInbox } from "./inbox.ts";

export const ALLOWED_UPDATES = ["message", "edited_message", "callback_query"] as const;

export type RunMode = { kind: "polling" } | { kind: "webhook"; url: string; secretToken: string };

export interface RunnerOptions {
  /** Pause after a failed getUpdates, doubling up to `maxBackoffMs`. */
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** How often a standby process tries to take the lock. */
  standbyRetryMs?: number;
  /** getUpdates' long-poll timeout. */
  pollTimeoutSeconds?: number;
  /** Handled updates are kept this long for inspection, then deleted. */
  keepDoneMs?: number;
}

export interface Runner {
  /** Starts in the background; returns at once. */
  start(): void;
  /** Stops receiving, finishes the update in hand, releases the lock. */
  stop(): Promise<void>;
  /** True while this process holds the bot's lock. */
  readonly active: boolean;
}

/** Advisory lock keys: our namespace ("btlg") and the bot's id, so one lock per token. */
const LOCK_NAMESPACE = 0x62746c67;
const BATCH = 50;
const IDLE_CHECK_MS = 5_000;
const CLEANUP_EVERY_MS = 3_600_000;

export function createRunner(p: {
  bot: Bot;
  api: Api;
  db: Db;
  inbox: TelegramInbox;
  mode: RunMode;
  log: Logger;
  options?: RunnerOptions;
}): Runner {
  const o = {
    minBackoffMs: 1_000,
    maxBackoffMs: 60_000,
    standbyRetryMs: 10_000,
    pollTimeoutSeconds: 25,
    keepDoneMs: 7 * 86_400_000,
    ...p.options,
  };
  const { bot, api, inbox, log } = p;
  const lockKey = () => [LOCK_NAMESPACE, bot.botInfo.id % 2_147_483_647];
  let running = false;
  let active = false;
  let loop: Promise<void> | null = null;
  let stopped = new AbortController();
  /** Aborted when this process stops holding the lock (stop, or the lock's connection lost). */
  let session = new AbortController();
  let getUpdates: AbortController | null = null;
  let work: { pending: boolean; wake: (() => void) | null } = { pending: false, wake: null };
  const signal = () => {
    work.pending = true;
    work.wake?.();
  };
  /** Resolves after `ms`, or at once when `until` is aborted. */
  const pause = (ms: number, until: AbortSignal = stopped.signal) =>
    new Promise<void>((resolve) => {
      if (until.aborted) return resolve();
      const done = () => {
        clearTimeout(timer);
        until.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      until.addEventListener("abort", done);
    });
  /** Resolves when an update is stored, after `ms` at the latest, or when the session ends. */
  const waitForWork = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        work.wake = null;
        resolve();
      };
      work.wake = done;
      void pause(ms, session.signal).then(done);
    });

  async function run() {
    while (running) {
      try {
        await bot.init();
        break;
      } catch (e) {
        log.error({ err: e }, "Telegram did not answer getMe; retrying");
        await pause(o.standbyRetryMs);
      }
    }
    while (running) {
      const client = await acquire().catch((e: unknown) => {
        log.error({ err: e }, "could not take the Telegram lock");
        return null;
      });
      if (!client) {
        await pause(o.standbyRetryMs);
        continue;
      }
      active = true;
      session = new AbortController();
      try {
        await holding(client);
      } catch (e) {
        log.error({ err: e }, "the Telegram bot stopped unexpectedly; starting again");
      } finally {
        active = false;
        await release(client);
      }
      if (running) await pause(o.minBackoffMs);
    }
  }

  /** The lock, on a connection of its own that also listens for the webhook's notifications. */
  async function acquire(): Promise<PoolClient | null> {
    let announced = false;
    while (running) {
      const client = await p.db.sql.connect();
      const { rows } = await client
        .query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1, $2) AS ok", lockKey())
        .catch((e: unknown) => {
          client.release(true);
          throw e;
        });
      if (rows[0]?.ok) {
        client.on("notification", signal);
        await client.query(`LISTEN ${UPDATE_NOTIFY_CHANNEL}`).catch(async (e: unknown) => {
          await release(client);
          throw e;
        });
        log.info({ bot: bot.botInfo.username, mode: p.mode.kind }, "Telegram bot running in this process");
        return client;
      }
      client.release();
      if (!announced) log.info("another process runs the Telegram bot; standing by");
      announced = true;
      await pause(o.standbyRetryMs);
    }
    return null;
  }

  async function release(client: PoolClient) {
    client.off("notification", signal);
    try {
      await client.query(`UNLISTEN ${UPDATE_NOTIFY_CHANNEL}`);
      await client.query("SELECT pg_advisory_unlock($1, $2)", lockKey());
      client.release();
    } catch {
      // The connection is gone, and the lock with it: drop the client rather than reuse it.
      client.release(true);
    }
  }

  async function holding(client: PoolClient) {
    // A lost lock connection means another process may take over: stop handling at once.
    const onError = (e: Error) => {
      log.error({ err: e }, "lost the Telegram lock's database connection");
      session.abort();
      getUpdates?.abort();
    };
    client.on("error", onError);
    let loops: Promise<void>[] = [];
    try {
      await receiveSetup();
      loops = p.mode.kind === "polling" ? [handleLoop(), pollLoop()] : [handleLoop()];
      await Promise.all(loops);
    } finally {
      // One loop failing (the database gone) ends the other too before the lock is let go, so a
      // new turn never runs beside an old poller.
      session.abort();
      getUpdates?.abort();
      await Promise.allSettled(loops);
      client.off("error", onError);
    }
  }

  const holds = () => running && !session.signal.aborted;

  async function receiveSetup() {
    if (p.mode.kind === "webhook") {
      await api.setWebhook(p.mode.url, {
        secret_token: p.mode.secretToken,
        allowed_updates: [...ALLOWED_UPDATES],
        drop_pending_updates: false,
      });
    } else {
      // getUpdates is refused while a webhook is set.
      await api.deleteWebhook({ drop_pending_updates: false });
    }
  }

  async function pollLoop() {
    let backoff = o.minBackoffMs;
    const last = await inbox.lastUpdateId();
    let offset = last === null ? undefined : last + 1;
    while (holds()) {
      getUpdates = new AbortController();
      try {
        const updates = await api.getUpdates(
          { offset, timeout: o.pollTimeoutSeconds, allowed_updates: [...ALLOWED_UPDATES] },
          getUpdates.signal as Parameters<Api["getUpdates"]>[1],
        );
        if (updates.length > 0) {
          await inbox.store(updates);
          offset = updates.at(-1)!.update_id + 1;
          signal();
        }
        backoff = o.minBackoffMs;
      } catch (e) {
        if (!holds()) break;
        if (e instanceof GrammyError && e.error_code === 409 && /webhook/i.test(e.description)) {
          log.warn("a webhook was set for the bot while it polls; deleting it");
          await api.deleteWebhook({ drop_pending_updates: false }).catch(() => undefined);
        } else {
          log.error({ err: e, retryInMs: backoff }, "Telegram long polling failed; retrying");
        }
        await pause(backoff, session.signal);
        backoff = Math.min(backoff * 2, o.maxBackoffMs);
      }
    }
  }

  async function handleLoop() {
    let lastCleanup = 0;
    while (holds()) {
      work.pending = false;
      const batch = await inbox.pending(BATCH);
      for (const { updateId, update } of batch) {
        if (!holds()) return;
        await handle(updateId, update);
      }
      if (Date.now() - lastCleanup > CLEANUP_EVERY_MS) {
        lastCleanup = Date.now();
        await p.db.telegramUpdate.deleteMany({
          where: { state: "done", processedAt: { lt: new Date(Date.now() - o.keepDoneMs) } },
        });
      }
      if (batch.length < BATCH && !work.pending && holds()) await waitForWork(IDLE_CHECK_MS);
    }
  }

  async function handle(updateId: number, update: Parameters<Bot["handleUpdate"]>[0]) {
    try {
      await bot.handleUpdate(update);
      await inbox.done(updateId);
    } catch (e) {
      // The handler failed: the person was answered by the error boundary; the update is kept.
      const err = e instanceof BotError ? e.error : e;
      if (e instanceof BotError) {
        try {
          await bot.errorHandler(e);
        } catch (inner) {
          log.error({ err: inner, update_id: updateId }, "the error boundary failed too");
        }
      } else log.error({ err: e, update_id: updateId }, "a Telegram update failed");
      await inbox.failed(updateId, err instanceof Error ? err.message : String(err));
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      stopped = new AbortController();
      work = { pending: false, wake: null };
      loop = run();
    },
    async stop() {
      if (!running) return;
      running = false;
      stopped.abort();
      session.abort();
      getUpdates?.abort();
      await loop;
      loop = null;
    },
    get active() {
      return active;
    },
  };
}

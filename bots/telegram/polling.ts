/**
 * Long polling that survives its own failures. grammY's `bot.start()` rejects on a 401, a 409
 * (another poller holds the token) or an error thrown past `bot.catch`, and nothing would restart
 * it: here the failure is logged and polling resumes after a growing pause. Updates are handled
 * at least once; core's use cases make a repeated one harmless.
 */
import type { Bot } from "grammy";
import type { Logger } from "../../core/logger.ts";

export const ALLOWED_UPDATES = ["message", "edited_message", "callback_query"] as const;

export interface Poller {
  /** Starts polling in the background; returns at once. */
  start(): void;
  /** Stops polling, confirms the last update's offset and waits for the handler in progress. */
  stop(): Promise<void>;
}

export interface PollerOptions {
  minBackoffMs?: number;
  maxBackoffMs?: number;
}

export function createPoller(bot: Bot, log: Logger, opts: PollerOptions = {}): Poller {
  const minBackoff = opts.minBackoffMs ?? 1_000;
  const maxBackoff = opts.maxBackoffMs ?? 60_000;
  let running = false;
  let loop: Promise<void> | null = null;
  let cancelPause: (() => void) | null = null;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        cancelPause = null;
        resolve();
      }
      cancelPause = done;
    });

  async function run() {
    let backoff = minBackoff;
    while (running) {
      const startedAt = Date.now();
      try {
        await bot.start({
          allowed_updates: [...ALLOWED_UPDATES],
          drop_pending_updates: false,
          onStart: (me) => log.info({ bot: me.username }, "Telegram long polling started"),
        });
        if (!running) break;
        log.warn("Telegram long polling ended by itself; restarting");
      } catch (e) {
        if (!running) break;
        log.error({ err: e, retryInMs: backoff }, "Telegram long polling failed; restarting");
      }
      // A poller that ran a good while before failing starts over with a short pause.
      if (Date.now() - startedAt > maxBackoff) backoff = minBackoff;
      await pause(backoff);
      backoff = Math.min(backoff * 2, maxBackoff);
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      if (!running) return;
      running = false;
      cancelPause?.();
      try {
        await bot.stop();
      } catch (e) {
        // The offset could not be confirmed: the last updates come again at the next start.
        log.warn({ err: e }, "Telegram polling stopped without confirming the last update");
      }
      await loop;
      loop = null;
    },
  };
}

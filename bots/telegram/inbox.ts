/**
 * The bot's inbox: every update is stored (`TelegramUpdate`) before Telegram is told it arrived —
 * before the next getUpdates confirms its offset, before the webhook answers 200 — and then
 * handled once, in update_id order. A crash between storing and handling leaves the update
 * pending, and it is handled at the next start; a redelivery of a stored update is dropped.
 */
import type { Update } from "grammy/types";
import type { Db } from "../../core/db.ts";

/** The NOTIFY channel the webhook wakes the processor with, when they run in separate processes. */
export const UPDATE_NOTIFY_CHANNEL = "bantin_telegram_update";

export interface StoredUpdate {
  updateId: number;
  update: Update;
}

export interface TelegramInbox {
  /** Stores updates not stored before; returns how many were new. Wakes the processor. */
  store(updates: readonly Update[]): Promise<number>;
  /** The oldest pending updates, in update_id order. */
  pending(limit: number): Promise<StoredUpdate[]>;
  done(updateId: number): Promise<void>;
  failed(updateId: number, error: string): Promise<void>;
  /** The highest update_id stored: long polling resumes after it. */
  lastUpdateId(): Promise<number | null>;
}

export function createTelegramInbox(db: Db): TelegramInbox {
  return {
    async store(updates) {
      if (updates.length === 0) return 0;
      // One statement: the rows, and a notification delivered when it commits.
      const { rows } = await db.sql.query<{ stored: number }>(
        `WITH stored AS (
           INSERT INTO "TelegramUpdate" ("updateId", payload)
           SELECT (u->>'update_id')::bigint, u FROM jsonb_array_elements($1::jsonb) AS u
           ON CONFLICT ("updateId") DO NOTHING
           RETURNING 1)
         SELECT count(*)::int AS stored, pg_notify($2, count(*)::text) FROM stored`,
        [JSON.stringify(updates), UPDATE_NOTIFY_CHANNEL],
      );
      return rows[0]?.stored ?? 0;
    },
    async pending(limit) {
      const rows = await db.telegramUpdate.findMany({
        where: { state: "pending" },
        orderBy: { updateId: "asc" },
        take: limit,
      });
      return rows.map((r) => ({ updateId: Number(r.updateId), update: r.payload as unknown as Update }));
    },
    async done(updateId) {
      await db.telegramUpdate.update({
        where: { updateId },
        data: { state: "done", processedAt: new Date(), attempts: { increment: 1 } },
      });
    },
    async failed(updateId, error) {
      await db.telegramUpdate.update({
        where: { updateId },
        data: { state: "failed", processedAt: new Date(), attempts: { increment: 1 }, lastError: error.slice(0, 500) },
      });
    },
    async lastUpdateId() {
      const r = await db.telegramUpdate.aggregate({ _max: { updateId: true } });
      return r._max.updateId === null ? null : Number(r._max.updateId);
    },
  };
}

/** An update as Telegram sent it, checked enough to be stored: an object with an integer update_id. */
export function asUpdate(body: unknown): Update | null {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return null;
  const id = (body as { update_id?: unknown }).update_id;
  return Number.isSafeInteger(id) && (id as number) >= 0 ? (body as Update) : null;
}

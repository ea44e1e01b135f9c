/**
 * How the bot receives: updates stored before Telegram is told, handled once per update_id across
 * crashes and restarts, one process per token (others stand by), the webhook with its secret
 * token, failures answered with an apology and kept, and a webhook set behind a poller's back.
 */
import Fastify from "fastify";
import type { Message, Update, User } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTelegramApi } from "../../bots/telegram/bot-api.ts";
import { createTelegramChannel } from "../../bots/telegram/index.ts";
import { createTelegramSender } from "../../bots/telegram/sender.ts";
import type { CoreDeps } from "../../core/context.ts";
import { createLogger } from "../../core/logger.ts";
import { startFakeTelegram, type FakeTelegram } from "../support/fake-telegram.ts";
import { person, startSpine, type Spine } from "../support/spine.ts";
import { waitFor } from "../support/wait.ts";

let fake: FakeTelegram;
let spine: Spine;
const logged: Array<{ level: number; msg: string; update_id?: number; err?: { message: string } }> = [];
const log = createLogger({ level: "info" }, { write: (line: string) => void logged.push(JSON.parse(line)) });
const fast = { minBackoffMs: 20, maxBackoffMs: 100, standbyRetryMs: 50, pollTimeoutSeconds: 1 };

beforeAll(async () => {
  fake = await startFakeTelegram();
  spine = await startSpine({ senders: { telegram: createTelegramSender({ api: createTelegramApi(fake) }) } });
  for (const id of [8301, 8302, 8303, 8304, 8305])
    await person(spine.db, `Người Gửi ${id}`, { channel: "telegram", externalId: String(id) }, [], {
      phone: `0914${String(id).padStart(6, "0")}`,
    });
});
afterAll(async () => {
  await spine?.close();
  await fake?.close();
});

const channel = (core: CoreDeps = spine.core, mode: "polling" | "webhook" = "polling") =>
  createTelegramChannel(
    {
      botToken: fake.token,
      apiRoot: fake.apiRoot,
      mode:
        mode === "polling"
          ? { kind: "polling" }
          : { kind: "webhook", url: "https://bantin.test/hooks/telegram", secretToken: "s3cret-token_1" },
    },
    { core, log, botInfo: fake.botInfo, runner: fast },
  );

let nextMessageId = 500_000;
const message = (from: User, text: string, more: Partial<Message> = {}) =>
  ({
    message_id: ++nextMessageId,
    date: Math.floor(Date.now() / 1000),
    chat: { id: from.id, type: "private", first_name: from.first_name },
    from,
    text,
    ...more,
  }) as Message & Update.NonChannel;
const help = (from: User) => message(from, "/giupdo", { entities: [{ type: "bot_command", offset: 0, length: 7 }] });
const helpCount = (chatId: number) =>
  fake.messages(chatId).filter((m) => m.text?.startsWith("Các lệnh của Bantin")).length;

describe("the inbox", () => {
  it("handles an update stored before a crash once, and drops Telegram's redelivery of it", async () => {
    const user: User = { id: 8301, is_bot: false, first_name: "An" };
    const c = channel();
    // The previous process stored this update, then died before handling it and before the next
    // getUpdates confirmed it: it is pending here, and still queued at Telegram.
    const update = fake.pushUpdate({ message: help(user) });
    await c.inbox.store([update]);
    c.start();
    try {
      await waitFor(() => helpCount(user.id) === 1 || null, { what: "the stored update handled" });
      await waitFor(
        async () =>
          (await spine.db.telegramUpdate.findUnique({ where: { updateId: update.update_id } }))?.state === "done" ||
          null,
        { what: "marked done" },
      );
      // The redelivered copy was confirmed by the next getUpdates, and never handled twice.
      const next = fake.pushUpdate({ message: help(user) });
      await waitFor(() => helpCount(user.id) === 2 || null, { what: "the next update" });
      // The reply goes out before the row is marked done: wait for both marks.
      const rows = await waitFor(
        async () => {
          const r = await spine.db.telegramUpdate.findMany({
            where: { updateId: { in: [BigInt(update.update_id), BigInt(next.update_id)] } },
            orderBy: { updateId: "asc" },
          });
          return r.length === 2 && r.every((x) => x.state === "done") ? r : null;
        },
        { what: "both updates marked done" },
      );
      expect(rows.map((r) => [Number(r.updateId), r.state, r.attempts])).toEqual([
        [update.update_id, "done", 1],
        [next.update_id, "done", 1],
      ]);
      expect(helpCount(user.id)).toBe(2);
    } finally {
      await c.stop();
    }
  });

  it("runs in one process per token: a second stands by and takes over when the first stops", async () => {
    const user: User = { id: 8302, is_bot: false, first_name: "Bảo" };
    const first = channel();
    const second = channel();
    first.start();
    await waitFor(() => first.runner.active || null, { what: "the first holds the lock" });
    second.start();
    await waitFor(() => logged.some((l) => l.msg === "another process runs the Telegram bot; standing by") || null, {
      what: "the second standing by",
    });
    expect(second.runner.active).toBe(false);
    fake.pushUpdate({ message: help(user) });
    await waitFor(() => helpCount(user.id) === 1 || null, { what: "handled by the first" });
    await first.stop();
    await waitFor(() => second.runner.active || null, { what: "the second takes over" });
    fake.pushUpdate({ message: help(user) });
    await waitFor(() => helpCount(user.id) === 2 || null, { what: "handled by the second" });
    await second.stop();
  });
});

describe("failures", () => {
  it("a lost lock connection ends this turn, and the bot takes the lock again and goes on", async () => {
    const user: User = { id: 8305, is_bot: false, first_name: "Em" };
    const c = channel();
    c.start();
    try {
      await waitFor(() => c.runner.active || null, { what: "the lock taken" });
      // The lock's session is the one that LISTENs: cut it, as a database restart would.
      await spine.db.sql.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid() AND query LIKE 'LISTEN%'`,
      );
      await waitFor(() => logged.some((l) => l.msg === "lost the Telegram lock's database connection") || null, {
        what: "the loss noticed",
      });
      await waitFor(() => c.runner.active || null, { what: "the lock taken again" });
      fake.pushUpdate({ message: help(user) });
      await waitFor(() => helpCount(user.id) === 1 || null, { what: "handled after the loss" });
      expect(helpCount(user.id)).toBe(1);
    } finally {
      await c.stop();
    }
  });

  it("a failing handler answers with an apology, logs the update_id and keeps the update as failed", async () => {
    const user: User = { id: 8303, is_bot: false, first_name: "Cường" };
    // The database refuses what the handlers read first (people), while the inbox still works.
    const real = spine.core.db;
    const db = new Proxy(real, {
      get(target, prop) {
        if (prop === "identity") throw new Error("database unavailable");
        const v: unknown = Reflect.get(target, prop, target);
        return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(target) : v;
      },
    });
    const c = channel({ ...spine.core, db });
    c.start();
    try {
      const failed = fake.pushUpdate({ message: message(user, "Tin cần gửi") });
      await waitFor(() => fake.messages(user.id)[0], { what: "apology" });
      expect(fake.messages(user.id)[0]?.text).toBe(
        "Xin lỗi, Bantin gặp sự cố khi xử lý yêu cầu này. Vui lòng thử lại sau ít phút.",
      );
      expect(logged).toContainEqual(
        expect.objectContaining({
          update_id: failed.update_id,
          err: expect.objectContaining({ message: "database unavailable" }),
        }),
      );
      const row = await waitFor(
        async () => {
          const r = await real.telegramUpdate.findUnique({ where: { updateId: failed.update_id } });
          return r?.state === "failed" ? r : null;
        },
        { what: "kept as failed" },
      );
      expect(row.lastError).toBe("database unavailable");
    } finally {
      await c.stop();
    }
  });

  it("a webhook set behind the poller's back is deleted, and polling goes on", async () => {
    const user: User = { id: 8304, is_bot: false, first_name: "Dung" };
    const c = channel();
    c.start();
    try {
      fake.pushUpdate({ message: help(user) });
      await waitFor(() => helpCount(user.id) === 1 || null, { what: "first help" });
      await createTelegramApi(fake).setWebhook("https://elsewhere.example/hook");
      await waitFor(
        () => logged.some((l) => l.msg === "a webhook was set for the bot while it polls; deleting it") || null,
        {
          what: "the webhook noticed",
        },
      );
      fake.pushUpdate({ message: help(user) });
      await waitFor(() => helpCount(user.id) === 2 || null, { what: "help after the webhook was deleted" });
      expect(fake.webhookUrl).toBeNull();
    } finally {
      await c.stop();
    }
  });
});

describe("webhook mode", () => {
  it("sets the webhook with its secret; takes updates only with the secret header; handles each once", async () => {
    const user: User = { id: 8301, is_bot: false, first_name: "An" };
    const c = channel(spine.core, "webhook");
    const app = Fastify();
    await app.register(c.webhook!);
    await app.ready();
    c.start();
    try {
      await waitFor(() => fake.webhookUrl, { what: "setWebhook" });
      expect(fake.webhookUrl).toBe("https://bantin.test/hooks/telegram");
      expect(fake.calls.filter((x) => x.method === "setWebhook").at(-1)?.params).toMatchObject({
        secret_token: "s3cret-token_1",
      });

      const update = { update_id: 900_000_001, message: help(user) };
      const post = (headers: Record<string, string>, payload: unknown = update) =>
        app.inject({ method: "POST", url: "/hooks/telegram", headers, payload: payload as object });
      expect((await post({})).statusCode).toBe(401);
      expect((await post({ "x-telegram-bot-api-secret-token": "wrong-token-0" })).statusCode).toBe(401);
      expect(await spine.db.telegramUpdate.count({ where: { updateId: update.update_id } })).toBe(0);
      expect((await post({ "x-telegram-bot-api-secret-token": "s3cret-token_1" }, { hello: 1 })).statusCode).toBe(400);

      const before = helpCount(user.id);
      const ok = { "x-telegram-bot-api-secret-token": "s3cret-token_1" };
      expect((await post(ok)).statusCode).toBe(200);
      expect((await post(ok)).statusCode).toBe(200); // Telegram retrying: stored once
      await waitFor(() => helpCount(user.id) === before + 1 || null, { what: "handled" });
      await waitFor(
        async () =>
          (await spine.db.telegramUpdate.findUnique({ where: { updateId: update.update_id } }))?.state === "done" ||
          null,
        { what: "done" },
      );
      expect(helpCount(user.id)).toBe(before + 1);
    } finally {
      await c.stop();
      await app.close();
    }
  });
});

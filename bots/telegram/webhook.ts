/**
 * Telegram's webhook, as a Fastify plugin on the path of `TELEGRAM_WEBHOOK_URL`. The secret
 * token header (`X-Telegram-Bot-Api-Secret-Token`, set with setWebhook) is checked before the body
 * is read; the update is stored in the inbox and answered 200. The process that holds the bot's
 * lock handles it (woken by NOTIFY), so a slow handler never makes Telegram send it again. When the
 * inbox cannot store it (the database is down), the answer is 500 and Telegram retries later.
 */
import { timingSafeEqual } from "node:crypto";
import type { FastifyPluginAsync } from "fastify";
import type { Logger } from "../../core/logger.ts";
import { asUpdate, type TelegramInbox } from "./inbox.ts";

/** Updates are small: files come as ids. */
const BODY_LIMIT = 1024 * 1024;

export interface TelegramWebhookOptions {
  url: string;
  secretToken: string;
  inbox: TelegramInbox;
  log: Logger;
}

export function telegramWebhook(o: TelegramWebhookOptions): FastifyPluginAsync {
  const log = o.log.child({ channel: "telegram", mod: "webhook" });
  const path = new URL(o.url).pathname;
  const expected = Buffer.from(o.secretToken, "utf8");
  return async (app) => {
    app.addHook("onRequest", async (req, reply) => {
      if (req.routeOptions.url !== path) return;
      const header = req.headers["x-telegram-bot-api-secret-token"];
      const given = Buffer.from(Array.isArray(header) ? (header[0] ?? "") : (header ?? ""), "utf8");
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        log.warn({ ip: req.ip }, "Telegram webhook call without the right secret token");
        return reply.code(401).send({ error: "unauthorized" });
      }
    });
    app.post(path, { bodyLimit: BODY_LIMIT }, async (req, reply) => {
      const update = asUpdate(req.body);
      if (!update) {
        log.warn("Telegram webhook body is not an update");
        return reply.code(400).send({ error: "bad request" });
      }
      await o.inbox.store([update]);
      return reply.code(200).send({});
    });
  };
}

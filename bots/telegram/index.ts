/**
 * The Telegram channel, as the composition root sees it: the sender core delivers through, the
 * runner that receives (long polling, or the webhook's inbox) and handles updates, and in webhook
 * mode the webhook for the web server.
 */
import type { FastifyPluginAsync } from "fastify";
import type { UserFromGetMe } from "grammy/types";
import type { TelegramConfig } from "../../core/config.ts";
import type { CoreDeps } from "../../core/context.ts";
import type { Logger } from "../../core/logger.ts";
import { createTelegramApi } from "./bot-api.ts";
import { createTelegramBot } from "./bot.ts";
import { createTelegramInbox } from "./inbox.ts";
import { TELEGRAM_PACING } from "./pacing.ts";
import { createRunner, type RunnerOptions } from "./runner.ts";
import { createTelegramSender } from "./sender.ts";
import { telegramWebhook } from "./webhook.ts";

export interface TelegramChannelDeps {
  core: CoreDeps;
  log: Logger;
  /** Known in advance (tests): skips getMe. */
  botInfo?: UserFromGetMe;
  runner?: RunnerOptions;
}

/** The Telegram channel's parts for `bin/runtime.ts` to register; nothing connects until `start()`. */
export function createTelegramChannel(config: TelegramConfig, deps: TelegramChannelDeps) {
  const log = deps.log.child({ channel: "telegram" });
  const api = createTelegramApi({ token: config.botToken, apiRoot: config.apiRoot });
  const bot = createTelegramBot(config, { ...deps, log });
  const inbox = createTelegramInbox(deps.core.db);
  const runner = createRunner({ bot, api, db: deps.core.db, inbox, mode: config.mode, log, options: deps.runner });
  const mode = config.mode;
  return {
    api,
    bot,
    inbox,
    runner,
    sender: createTelegramSender({ api, dataDir: deps.core.settings.attachments.dataDir, pacing: TELEGRAM_PACING }),
    /** In webhook mode: the route Telegram posts updates to, for the web server. */
    webhook: (mode.kind === "webhook"
      ? telegramWebhook({ url: mode.url, secretToken: mode.secretToken, inbox, log })
      : null) as FastifyPluginAsync | null,
    /** Starts receiving and handling in the background (in the one process that takes the bot's lock). */
    start: () => runner.start(),
    /** Stops receiving and waits for the update in progress. */
    stop: () => runner.stop(),
  };
}

export { createTelegramApi } from "./bot-api.ts";
export { createTelegramBot } from "./bot.ts";
export { createTelegramSender } from "./sender.ts";

/**
 * The Telegram channel, as the composition root sees it: the sender core delivers through, and
 * the bot that receives (long polling).
 */
import type { UserFromGetMe } from "grammy/types";
import type { TelegramConfig } from "../../core/config.ts";
import type { CoreDeps } from "../../core/context.ts";
import type { Logger } from "../../core/logger.ts";
import { createTelegramApi } from "./bot-api.ts";
import { createTelegramBot } from "./bot.ts";
import { createPoller } from "./polling.ts";
import { createTelegramSender } from "./sender.ts";

export interface TelegramChannelDeps {
  core: CoreDeps;
  log: Logger;
  /** Known in advance (tests): skips getMe. */
  botInfo?: UserFromGetMe;
}

/** The Telegram channel's parts for `bin/runtime.ts` to register; nothing connects until `start()`. */
export function createTelegramChannel(config: TelegramConfig, deps: TelegramChannelDeps) {
  const log = deps.log.child({ channel: "telegram" });
  const api = createTelegramApi({ token: config.botToken, apiRoot: config.apiRoot });
  const bot = createTelegramBot(config, { ...deps, log });
  const poller = createPoller(bot, log);
  return {
    api,
    sender: createTelegramSender({ api, dataDir: deps.core.settings.attachments.dataDir }),
    bot,
    /** Starts receiving in the background. */
    start() {
      // Polling would delete the configured webhook (deleteWebhook): refuse rather than surprise.
      if (config.mode.kind === "webhook")
        throw new Error("Telegram webhook mode is not available yet: unset TELEGRAM_WEBHOOK_URL to use long polling");
      poller.start();
    },
    /** Stops receiving and waits for the update in progress. */
    stop: () => poller.stop(),
  };
}

export { createTelegramApi } from "./bot-api.ts";
export { createTelegramBot } from "./bot.ts";
export { createTelegramSender } from "./sender.ts";

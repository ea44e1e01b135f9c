/**
 * The Telegram channel, as the composition root sees it. Only the outbound half for now.
 */
import type { TelegramConfig } from "../../core/config.ts";
import { createTelegramApi } from "./bot-api.ts";
import { createTelegramSender } from "./sender.ts";

/** The Telegram channel's parts for `bin/runtime.ts` to register; nothing connects yet. */
export function createTelegramChannel(config: TelegramConfig) {
  const api = createTelegramApi({ token: config.botToken, apiRoot: config.apiRoot });
  return { api, sender: createTelegramSender({ api }) };
}

export { createTelegramApi } from "./bot-api.ts";
export { createTelegramSender } from "./sender.ts";

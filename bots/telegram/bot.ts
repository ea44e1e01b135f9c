/**
 * The grammY bot: one composer per feature and an error boundary. Handlers translate and call
 * core; nothing connects until the bot is started (see `polling.ts`).
 */
import { autoRetry } from "@grammyjs/auto-retry";
import { Bot } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { TelegramConfig } from "../../core/config.ts";
import type { CoreDeps } from "../../core/context.ts";
import type { Logger } from "../../core/logger.ts";
import { registerComposer } from "./composers/register.ts";
import { reviewComposer } from "./composers/review.ts";
import { submitComposer } from "./composers/submit.ts";
import { botMessages } from "./messages.ts";

export interface TelegramBotDeps {
  core: CoreDeps;
  log: Logger;
  /** Known in advance (tests): skips getMe. */
  botInfo?: UserFromGetMe;
}

/** A bot for `config.botToken` talking to `config.apiRoot`. */
export function createTelegramBot(config: Pick<TelegramConfig, "botToken" | "apiRoot">, deps: TelegramBotDeps): Bot {
  const bot = new Bot(config.botToken, {
    client: { apiRoot: config.apiRoot.replace(/\/+$/, "") },
    ...(deps.botInfo && { botInfo: deps.botInfo }),
  });
  // Replies wait out short flood limits; a long one fails the handler (logged) rather than stall
  // every chat behind it, since updates are handled one at a time.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 5, rethrowHttpErrors: true }));

  bot.use(reviewComposer(deps));
  bot.use(registerComposer(deps));
  bot.use(submitComposer(deps, { token: config.botToken, apiRoot: config.apiRoot }));
  // Any other press (a keyboard from an older version, a stale menu) still stops the client's spinner.
  bot.on("callback_query", (ctx) => ctx.answerCallbackQuery());

  bot.catch(async (err) => {
    const { ctx } = err;
    const log = deps.log.child({ channel: "telegram", update_id: ctx.update.update_id });
    log.error({ err: err.error }, "a Telegram update failed");
    // A press answers its own failure (it must answer the query once); a message gets an apology.
    if (ctx.callbackQuery || !ctx.chat) return;
    await ctx.reply(botMessages.apology()).catch((e: unknown) => log.warn({ err: e }, "could not send the apology"));
  });
  return bot;
}

/**
 * The Bot API client: grammY's `Api` pointed at `apiRoot` (Telegram, a local Bot API server or
 * the test fake) with auto-retry installed. Nothing connects until the first call.
 */
import { autoRetry } from "@grammyjs/auto-retry";
import { Api } from "grammy";

export interface TelegramApiOptions {
  token: string;
  /** e.g. `https://api.telegram.org`; a trailing slash is dropped (grammY refuses one). */
  apiRoot: string;
  /** Longest a single call may take; grammY's default of 500 s would hold a delivery job for minutes. */
  timeoutSeconds?: number;
}

/** grammY's `Api` for one bot token, with flood waits absorbed by auto-retry. */
export function createTelegramApi({ token, apiRoot, timeoutSeconds = 60 }: TelegramApiOptions): Api {
  const api = new Api(token, { apiRoot: apiRoot.replace(/\/+$/, ""), timeoutSeconds });
  api.config.use(
    autoRetry({
      // Short flood waits are waited out here; longer ones surface as a transient 429 and the
      // delivery queue backs off instead of holding a worker.
      maxDelaySeconds: 30,
      maxRetryAttempts: 3,
      // auto-retry retries network errors forever, ignoring maxRetryAttempts: let the queue's
      // bounded backoff handle them.
      rethrowHttpErrors: true,
    }),
  );
  return api;
}

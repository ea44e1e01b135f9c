/**
 * Telegram failures sorted into what the delivery queue needs to know: give up now (the chat is
 * gone or the request can never succeed) or retry later (flood wait, Telegram or network trouble).
 */
import { GrammyError, HttpError } from "grammy";
import { DeliveryError, PermanentError } from "../../core/errors.ts";

/** True for the 400 Telegram answers when an edit would change nothing: the edit already happened. */
export function isNotModified(e: unknown): boolean {
  return e instanceof GrammyError && e.error_code === 400 && /message is not modified/i.test(e.description);
}

/** A `DeliveryError`, permanent or not, for anything a Bot API call threw. */
export function toDeliveryError(e: unknown): DeliveryError {
  if (e instanceof DeliveryError) return e;
  if (e instanceof PermanentError) return new DeliveryError(e.message, true);
  if (e instanceof GrammyError) {
    const wait = e.error_code === 429 ? e.parameters?.retry_after : undefined;
    // 403: the person blocked the bot, left, or never started it: unreachable here, so core tries
    // their other channels, and marks the item when there are none. Never retried.
    return new DeliveryError(
      `telegram ${e.method}: ${summary(e)}`,
      isPermanent(e),
      e.error_code === 403,
      wait ? wait * 1_000 : undefined,
    );
  }
  // HttpError: the request never got an answer (DNS, reset, timeout); the queue backs off.
  if (e instanceof HttpError) return new DeliveryError(`telegram: ${e.message}`, false);
  return new DeliveryError(`telegram: ${e instanceof Error ? e.message : String(e)}`, false);
}

function isPermanent(e: GrammyError): boolean {
  // 403: blocked, kicked, user deactivated, or a user who never started the bot.
  if (e.error_code === 403) return true;
  // 400 is a request Telegram will refuse every time: chat not found, message to edit not found,
  // a group that became a supergroup, a malformed keyboard.
  if (e.error_code === 400) return true;
  // 429 past auto-retry's patience, 401/404 (a token being rotated), 409 and 5xx may pass.
  return false;
}

function summary(e: GrammyError): string {
  const migrated = e.parameters?.migrate_to_chat_id;
  return `${e.error_code} ${e.description}` + (migrated ? ` (the group is now chat ${migrated})` : "");
}

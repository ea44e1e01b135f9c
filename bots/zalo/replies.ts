/**
 * The OA's own words to a user who just wrote (so within the 7-day window): plain replies, quoting
 * the user's message when given, and the share-info form. A failure is logged, never fatal: the
 * event that caused the reply has already been handled.
 */
import type { Logger } from "../../core/logger.ts";
import type { ZaloApi } from "./api.ts";
import { ZaloApiError } from "./errors.ts";
import { zaloMessages as M } from "./messages.ts";

export type Replies = ReturnType<typeof createReplies>;

export function createReplies(d: { api: Pick<ZaloApi, "sendMessage">; log: Logger; communeName: string }) {
  /** A text to the user, quoting their message `quote` when given. */
  async function say(userId: string, text: string, quote?: string | null) {
    const send = (q?: string | null) => d.api.sendMessage(userId, q ? { text, quote_message_id: q } : { text });
    await send(quote)
      // A quote Zalo refuses (too old, unknown) must not cost the answer itself.
      .catch((e: unknown) =>
        quote && e instanceof ZaloApiError && e.kind === "permanent" ? send(null) : Promise.reject(e),
      )
      .catch((e: unknown) => d.log.warn({ err: e, userId }, "Zalo reply failed"));
  }

  /** Zalo's form asking the user to share name, phone and address (answered by `user_submit_info`). */
  async function requestInfo(userId: string) {
    await d.api
      .sendMessage(userId, {
        text: "",
        attachment: {
          type: "template",
          payload: {
            template_type: "request_user_info",
            elements: [{ title: M.requestInfoTitle({ commune: d.communeName }), subtitle: M.requestInfoSubtitle() }],
          },
        },
      })
      .catch((e: unknown) => d.log.warn({ err: e, userId }, "Zalo request-user-info failed"));
  }

  return { say, requestInfo };
}

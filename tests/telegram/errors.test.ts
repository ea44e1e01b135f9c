import { GrammyError, HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import { isNotModified, toDeliveryError } from "../../bots/telegram/errors.ts";
import { DeliveryError, PermanentError } from "../../core/errors.ts";

const apiError = (error_code: number, description: string, parameters = {}) =>
  new GrammyError(
    `Call to 'sendMessage' failed! (${error_code}: ${description})`,
    { ok: false, error_code, description, parameters },
    "sendMessage",
    {},
  );

describe("telegram error classification", () => {
  it.each([
    [403, "Forbidden: bot was blocked by the user"],
    [403, "Forbidden: user is deactivated"],
    [403, "Forbidden: bot can't initiate conversation with a user"],
    [400, "Bad Request: chat not found"],
    [400, "Bad Request: message to edit not found"],
    [400, "Bad Request: BUTTON_DATA_INVALID"],
  ])("%i %s is permanent", (code, description) => {
    const e = toDeliveryError(apiError(code, description));
    expect(e).toBeInstanceOf(DeliveryError);
    expect(e.permanent).toBe(true);
    expect(e.unreachable).toBe(code === 403);
    expect(e.message).toContain(description);
  });

  it.each([
    [429, "Too Many Requests: retry after 120"],
    [500, "Internal Server Error"],
    [502, "Bad Gateway"],
    [401, "Unauthorized"],
  ])("%i %s is transient", (code, description) => {
    expect(toDeliveryError(apiError(code, description)).permanent).toBe(false);
  });

  it("carries a flood limit's retry_after, for the queue to wait exactly that long", () => {
    const e = toDeliveryError(apiError(429, "Too Many Requests: retry after 120", { retry_after: 120 }));
    expect(e).toMatchObject({ permanent: false, retryAfterMs: 120_000 });
    expect(toDeliveryError(apiError(500, "Internal Server Error")).retryAfterMs).toBeUndefined();
  });

  it("treats network failures and unknown throws as transient", () => {
    expect(
      toDeliveryError(new HttpError("Network request for 'sendMessage' failed!", new Error("ECONNRESET"))).permanent,
    ).toBe(false);
    expect(toDeliveryError(new Error("boom")).permanent).toBe(false);
  });

  it("keeps permanent errors permanent", () => {
    expect(toDeliveryError(new PermanentError("bad token")).permanent).toBe(true);
    const d = new DeliveryError("x", true);
    expect(toDeliveryError(d)).toBe(d);
  });

  it("names the new chat of a migrated group", () => {
    const e = toDeliveryError(
      apiError(400, "Bad Request: group chat was upgraded to a supergroup chat", { migrate_to_chat_id: -1009 }),
    );
    expect(e.message).toContain("-1009");
  });

  it("recognises an edit that changed nothing", () => {
    expect(isNotModified(apiError(400, "Bad Request: message is not modified: specified new message content…"))).toBe(
      true,
    );
    expect(isNotModified(apiError(400, "Bad Request: message to edit not found"))).toBe(false);
    expect(isNotModified(new Error("message is not modified"))).toBe(false);
  });
});

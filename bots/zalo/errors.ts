/**
 * Zalo failures sorted into what callers need to know. Zalo answers most errors with HTTP 200 and
 * a non-zero `error` in the body, so every response is read before it counts as success.
 *
 * - `refresh`: the access token is invalid or expired; refresh once and retry.
 * - `dead`: the refresh token is gone (used, expired, revoked); an operator must re-consent.
 * - `window`: the user has not interacted with the OA in 7 days; the message cannot go out now.
 * - `retry`: rate limit, Zalo or network trouble; the queue backs off.
 * - `permanent`: a request Zalo will refuse every time (bad parameter, shut-down API, blocked user).
 */
import { DeliveryError, PermanentError } from "../../core/errors.ts";

export type ZaloErrorClass = "refresh" | "dead" | "window" | "retry" | "permanent";

/** Error codes by class; the meanings come from ../shared/research/zalo.md §2.5. */
const CODES: Record<Exclude<ZaloErrorClass, "retry">, readonly number[]> = {
  // -216/-220: access token invalid or expired; ±216 and ±401 are seen in the wild too.
  refresh: [-216, 216, -220, -401, 401, -124],
  // -118 / -14014: invalid grant (refresh token used, expired or revoked).
  dead: [-118, -14014],
  // -230: outside the 7-day interaction window.
  window: [-230],
  // -201 bad parameter, -210 over a limit, -213 not a follower, -240 v2 messaging shut down,
  // -100 attachment expired, -221/-224 feature needs a verified OA or a higher package, -14003 bad redirect.
  permanent: [-201, -210, -213, -240, -100, -221, -224, -14003],
};

/** The class of a Zalo `error` code; unknown codes are retried, so nothing is dropped on a guess. */
export function classifyZaloError(code: number): ZaloErrorClass {
  for (const [cls, codes] of Object.entries(CODES)) if (codes.includes(code)) return cls as ZaloErrorClass;
  return "retry";
}

/** A failed Zalo call: the endpoint, Zalo's code and message, and what to do about it. */
export class ZaloApiError extends Error {
  override readonly name = "ZaloApiError";
  constructor(
    readonly endpoint: string,
    readonly code: number,
    readonly zaloMessage: string,
    readonly kind: ZaloErrorClass,
  ) {
    super(`zalo ${endpoint}: ${code} ${zaloMessage}`);
  }
}

/** The refresh token is dead: every call fails until an operator gives a new one. */
export class ZaloAuthDeadError extends ZaloApiError {
  constructor(code: number, message: string) {
    super("oauth", code, `${message} (the OA must be re-authorised: set a new ZALO_REFRESH_TOKEN)`, "dead");
  }
}

/** A `DeliveryError` for the delivery queue, from anything a Zalo call threw. */
export function toDeliveryError(e: unknown): DeliveryError {
  if (e instanceof DeliveryError) return e;
  if (e instanceof PermanentError) return new DeliveryError(e.message, true);
  if (e instanceof ZaloApiError) {
    if (e.kind === "window") return new DeliveryError(e.message, false, true);
    // A dead refresh token waits for an operator: retried, not failed, so nothing is lost.
    return new DeliveryError(e.message, e.kind === "permanent");
  }
  return new DeliveryError(`zalo: ${e instanceof Error ? e.message : String(e)}`, false);
}

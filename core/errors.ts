/**
 * Errors the pipeline classifies. A `PermanentError` will fail the same way on every retry:
 * the queue fails it at once instead of backing off. Anything else is transient and retried.
 */
export class PermanentError extends Error {
  override readonly name = "PermanentError";
}

/** A delivery failed; `permanent` says whether a retry can help (blocked bot, 5xx mail, unknown user). */
export class DeliveryError extends Error {
  override readonly name = "DeliveryError";
  constructor(
    message: string,
    readonly permanent: boolean,
    /** The recipient cannot be reached now (e.g. outside Zalo's 7-day window): kept pending, not failed. */
    readonly unreachable = false,
    /** The provider asked to wait this long (a flood limit's retry_after): try again then, not sooner. */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** How long a failure asks to wait before the next try, when it says (see `DeliveryError`). */
export function retryAfterOf(e: unknown): number | null {
  return e instanceof DeliveryError && !e.permanent && e.retryAfterMs ? e.retryAfterMs : null;
}

export function isPermanent(e: unknown): boolean {
  return e instanceof PermanentError || (e instanceof DeliveryError && e.permanent);
}

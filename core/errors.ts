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
  ) {
    super(message);
  }
}

export function isPermanent(e: unknown): boolean {
  return e instanceof PermanentError || (e instanceof DeliveryError && e.permanent);
}

/**
 * Waiting for a condition, never for a time: polls `probe` until it returns a truthy value or
 * the timeout passes, then fails with what was last seen.
 */
export async function waitFor<T>(
  probe: () => Promise<T | null | undefined | false> | T | null | undefined | false,
  opts: { timeoutMs?: number; what?: string } = {},
): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 15_000);
  let last: unknown;
  for (;;) {
    last = await probe();
    if (last) return last as T;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${opts.what ?? "condition"}; last: ${JSON.stringify(last)}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve) => setTimeout(resolve, 25));
  }
}

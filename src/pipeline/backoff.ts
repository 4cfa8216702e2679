export const TRANSIENT_BACKOFF = { baseMs: 2_000, maxMs: 10 * 60_000 } as const;
/** A 429 asking for less than this is treated as this, so a zero Retry-After cannot spin. */
export const MIN_RETRY_AFTER_MS = 500;

/**
 * Exponential backoff with "equal jitter" after the n-th failed attempt: between half and all of
 * base·2^(n-1), capped. Never zero, and spread out so many channels failing together do not
 * retry together.
 */
export function transientBackoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(TRANSIENT_BACKOFF.maxMs, TRANSIENT_BACKOFF.baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Honours Retry-After, plus up to 10 % (at most 1 s) so channels limited together do not return together. */
export function rateLimitedDelayMs(retryAfterMs: number, random: () => number = Math.random): number {
  const wait = Math.max(MIN_RETRY_AFTER_MS, retryAfterMs);
  return wait + Math.round(random() * Math.min(1_000, wait * 0.1));
}

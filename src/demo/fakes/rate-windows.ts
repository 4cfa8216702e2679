import type { RateWindow } from '../../model/platform-limits.js';

export type { RateWindow };

/**
 * What a platform enforces, for fakes that answer 429 as the real one would: sliding windows per key
 * (a channel, the workspace, the bot). Only accepted requests count, as on the platforms.
 */
export class EnforcedWindows {
  private readonly accepted = new Map<string, number[]>();

  /** Accepts a request for every key, or says how long until the fullest window frees up. */
  take(
    keys: readonly { key: string; window: RateWindow }[],
    now: number,
  ): { ok: true } | { ok: false; retryAfterMs: number; key: string } {
    for (const { key, window } of keys) {
      const times = (this.accepted.get(key) ?? []).filter((time) => time > now - window.windowMs);
      this.accepted.set(key, times);
      if (times.length >= window.limit)
        return {
          ok: false,
          key,
          retryAfterMs: (times[times.length - window.limit] as number) + window.windowMs - now,
        };
    }
    for (const { key } of keys) this.accepted.get(key)?.push(now);
    return { ok: true };
  }

  /** Requests accepted in the current window of `key`. */
  used(key: string, window: RateWindow, now: number): number {
    return (this.accepted.get(key) ?? []).filter((time) => time > now - window.windowMs).length;
  }
}

import type { ChannelRef, Platform } from '../model/chat.js';
import { POSTING_LIMITS, type PostingLimits, type RateWindow } from '../model/platform-limits.js';

/** Sliding windows per key: how many sends happened in the last `windowMs`, for each window. */
export class SlidingWindowLimiter {
  private readonly sends = new Map<string, number[]>();
  private readonly blockedUntil = new Map<string, number>();
  private readonly longest: number;

  constructor(private readonly windows: readonly RateWindow[]) {
    this.longest = Math.max(0, ...windows.map((window) => window.windowMs));
  }

  /** The earliest moment at or after `now` when `key` may send again. */
  nextAllowedAt(key: string, now: number): number {
    let at = Math.max(now, this.blockedUntil.get(key) ?? 0);
    const times = this.sends.get(key) ?? [];
    // A later moment for one window can only lower the counts of the others, so one pass per window
    // (repeated until nothing moves) settles it.
    for (let moved = true; moved; ) {
      moved = false;
      for (const window of this.windows) {
        const inWindow = times.filter((time) => time > at - window.windowMs);
        if (inWindow.length < window.limit) continue;
        // Wait until enough of the oldest sends leave the window: (at - windowMs, at].
        const leaves = (inWindow[inWindow.length - window.limit] as number) + window.windowMs;
        if (leaves > at) {
          at = leaves;
          moved = true;
        }
      }
    }
    return at;
  }

  record(key: string, at: number): void {
    const times = (this.sends.get(key) ?? []).filter((time) => time > at - this.longest);
    times.push(at);
    this.sends.set(key, times);
  }

  /** Forgets a send recorded at `at` that did not happen (another replica claimed the message first). */
  forget(key: string, at: number): void {
    const times = this.sends.get(key);
    const index = times?.indexOf(at) ?? -1;
    if (times && index >= 0) times.splice(index, 1);
  }

  /**
   * The send recorded at `startedAt` was answered at `answeredAt`. The platform counted it somewhere
   * in between, so it keeps its place in the windows until `answeredAt` + window: counting from the
   * start, a slow request followed by a fast one can land inside one of the platform's windows.
   */
  settle(key: string, startedAt: number, answeredAt: number): void {
    if (answeredAt <= startedAt) return;
    const times = this.sends.get(key) ?? [];
    const index = times.indexOf(startedAt);
    // A send slower than the window may have been pruned meanwhile; it still counts from its answer.
    if (index >= 0) times[index] = answeredAt;
    else times.push(answeredAt);
    times.sort((a, b) => a - b);
    this.sends.set(key, times);
  }

  /** No sends before `until` (a 429's Retry-After). */
  block(key: string, until: number): void {
    this.blockedUntil.set(key, Math.max(until, this.blockedUntil.get(key) ?? 0));
  }
}

/** Per-channel and per-platform limits of every platform, as the sender needs them. */
export class DeliveryRateLimiter {
  private readonly perChannel = new Map<Platform, SlidingWindowLimiter>();
  private readonly perPlatform = new Map<Platform, SlidingWindowLimiter>();

  constructor(limits: Readonly<Record<Platform, PostingLimits>> = POSTING_LIMITS) {
    for (const platform of Object.keys(limits) as Platform[]) {
      this.perChannel.set(platform, new SlidingWindowLimiter(limits[platform].perChannel));
      this.perPlatform.set(platform, new SlidingWindowLimiter(limits[platform].perPlatform));
    }
  }

  nextAllowedAt(ref: ChannelRef, now: number): number {
    return Math.max(
      this.perChannel.get(ref.platform)?.nextAllowedAt(ref.channel, now) ?? now,
      this.perPlatform.get(ref.platform)?.nextAllowedAt(ref.platform, now) ?? now,
    );
  }

  record(ref: ChannelRef, at: number): void {
    this.perChannel.get(ref.platform)?.record(ref.channel, at);
    this.perPlatform.get(ref.platform)?.record(ref.platform, at);
  }

  /** See SlidingWindowLimiter.forget. */
  forget(ref: ChannelRef, at: number): void {
    this.perChannel.get(ref.platform)?.forget(ref.channel, at);
    this.perPlatform.get(ref.platform)?.forget(ref.platform, at);
  }

  /** See SlidingWindowLimiter.settle. */
  settle(ref: ChannelRef, startedAt: number, answeredAt: number): void {
    this.perChannel.get(ref.platform)?.settle(ref.channel, startedAt, answeredAt);
    this.perPlatform.get(ref.platform)?.settle(ref.platform, startedAt, answeredAt);
  }

  blockChannel(ref: ChannelRef, until: number): void {
    this.perChannel.get(ref.platform)?.block(ref.channel, until);
  }
}

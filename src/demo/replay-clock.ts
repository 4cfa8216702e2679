import type { Clock, Sleep } from '../clock.js';

/**
 * The demo's clock, injected into the App like any other: it reads a date in 2025 that runs on at
 * real speed from there (so the outbox's one-second spacing still works), and `set` moves it to
 * the next date of the replay. A wait asked of `sleep` (a request budget's minute) moves the clock
 * ahead instead of blocking: nothing real is waited for on loopback. Nothing global is faked.
 */
export class ReplayClock implements Clock {
  private anchor: number;
  private realAnchor: number;

  constructor(
    start: number,
    private readonly realNow: () => number = () => performance.now(),
  ) {
    this.anchor = start;
    this.realAnchor = realNow();
  }

  now(): number {
    return Math.floor(this.anchor + (this.realNow() - this.realAnchor));
  }

  /** Jumps to `at` (the replay only moves forward). */
  set(at: number): void {
    if (at < this.anchor) throw new Error(`the replay clock cannot go back to ${new Date(at).toISOString()}`);
    this.anchor = at;
    this.realAnchor = this.realNow();
  }

  readonly sleep: Sleep = async (ms, signal) => {
    if (signal?.aborted) throw signal.reason;
    this.anchor += Math.max(0, ms);
  };
}

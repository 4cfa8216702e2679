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
  /** Each move forward: the time read just before it and how far it went (for `elapsedSince`). */
  private readonly jumps: { at: number; ms: number }[] = [];

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

  /** Real time since `start`: the demo's service has been up seconds, however far 2025 was replayed. */
  elapsedSince(start: number): number {
    const jumped = this.jumps.filter((jump) => jump.at >= start).reduce((sum, jump) => sum + jump.ms, 0);
    return this.now() - start - jumped;
  }

  /** Jumps to `at` (the replay only moves forward). */
  set(at: number): void {
    if (at < this.anchor) throw new Error(`the replay clock cannot go back to ${new Date(at).toISOString()}`);
    this.jumps.push({ at: this.now(), ms: at - this.now() });
    this.anchor = at;
    this.realAnchor = this.realNow();
  }

  readonly sleep: Sleep = async (ms, signal) => {
    if (signal?.aborted) throw signal.reason;
    this.jumps.push({ at: this.now(), ms: Math.max(0, ms) });
    this.anchor += Math.max(0, ms);
  };
}

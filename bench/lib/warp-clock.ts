import type { Clock, Sleep } from '../../src/clock.js';

/**
 * Real time, except that waiting is free: `sleep(ms)` moves this clock forward by `ms` at once. Work
 * the code does takes its real time; a wait it asks for (a request budget's minute window, a
 * Retry-After) is counted as if it had been waited. So a poll that would wait four minutes for
 * Comtrade's budget reports the time it would have taken, without taking it.
 */
export class WarpClock implements Clock {
  private skipped = 0;
  private readonly offset: number;

  /** Starts at `start` (a fixed date makes the workload the same on any day) and runs at real speed. */
  constructor(start: number = Date.now()) {
    this.offset = start - Date.now();
  }

  now(): number {
    return Date.now() + this.offset + this.skipped;
  }

  /** Milliseconds of waiting that were skipped so far. */
  get skippedMs(): number {
    return this.skipped;
  }

  readonly sleep: Sleep = async (ms, signal) => {
    if (signal?.aborted) throw signal.reason;
    this.skipped += Math.max(0, ms);
  };
}

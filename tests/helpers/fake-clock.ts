import type { Clock } from '../../src/clock.js';

/** A clock that moves only when the test says so. */
export class FakeClock implements Clock {
  constructor(private current = Date.parse('2025-07-01T00:00:00Z')) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    this.current += ms;
  }

  /** Every wait asked of `sleep`, in order. */
  readonly sleeps: number[] = [];

  /** A Sleep that returns at once and moves this clock forward instead. */
  readonly sleep = async (ms: number): Promise<void> => {
    this.sleeps.push(ms);
    this.current += ms;
  };

  set(iso: string | number): void {
    this.current = typeof iso === 'number' ? iso : Date.parse(iso);
  }
}

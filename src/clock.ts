/** The one source of time. Tests inject a fake so schedules, leases and backoff are deterministic. */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /**
   * How long really passed since `start`, a time this clock read. Only a clock that jumps (the demo's
   * replay of 2025) needs it, to leave its jumps out; otherwise it is `now() - start`.
   */
  elapsedSince?(start: number): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** How long the service has run since `startedAt`: its uptime, never the distance a replay clock jumped. */
export function uptimeMs(clock: Clock, startedAt: number): number {
  return clock.elapsedSince?.(startedAt) ?? clock.now() - startedAt;
}

/** Waits; tests inject one that advances a fake clock instead, so backoff never slows a test. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

export const realSleep: Sleep = (ms, signal) =>
  new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

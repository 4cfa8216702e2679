import type { ConfigError } from '../src/config.js';
import type { ChatConnection, Platform } from '../src/model/chat.js';

/** What an adapter is told to do when its token is refused after start: the service stops, exit 2. */
export type OnTokenRefused = (error: ConfigError) => void;

/** How a platform connection stands and since when; both chat adapters keep one for /healthz. */
export class ConnectionTracker {
  private current: ChatConnection;

  constructor(
    platform: Platform,
    private readonly now: () => number = Date.now,
  ) {
    this.current = { platform, state: 'connecting', since: now() };
  }

  set(state: ChatConnection['state'], detail?: string): void {
    const since = state === this.current.state ? this.current.since : this.now();
    this.current = { platform: this.current.platform, state, since, ...(detail ? { detail } : {}) };
  }

  get(): ChatConnection {
    return this.current;
  }
}

/** Waits `ms`, or less when `cancel` is called (a stopping adapter must not wait out its back-off). */
export function cancellableWait(ms: number): { done: Promise<void>; cancel: () => void } {
  let cancel = () => {};
  const done = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    cancel = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  return { done, cancel };
}

import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { DrainReport } from './outbox-sender.js';

export interface OutboxLoopOptions {
  sender: { drainOnce(): Promise<DrainReport>; halt(): Promise<void> };
  clock: Clock;
  logger: Logger;
  /** Longest sleep with nothing due: picks up messages another process (a `ree-watch poll`) queued. */
  idleMs?: number;
}

const ERROR_PAUSE_MS = 5_000;
const MIN_SLEEP_MS = 20;

/**
 * The service's delivery loop: drain, sleep until the next message is due (or until `wake()` says
 * new ones were queued), repeat; `stop()` lets the send in flight finish and be recorded.
 */
export class OutboxLoop {
  private readonly idleMs: number;
  private loop: Promise<void> | undefined;
  private stopped = false;
  private wakeRequested = false;
  private wakeSleeper: (() => void) | undefined;

  constructor(private readonly options: OutboxLoopOptions) {
    this.idleMs = options.idleMs ?? 30_000;
  }

  start(): void {
    if (this.loop || this.stopped) return;
    this.loop = this.run();
  }

  /** New messages were queued: drain now rather than at the next due time. */
  wake(): void {
    this.wakeRequested = true;
    this.wakeSleeper?.();
  }

  /** Stops for good, waiting up to `timeoutMs` for a send in flight (its lease covers it if we give up). */
  async stop(timeoutMs = 10_000): Promise<void> {
    this.stopped = true;
    this.wakeSleeper?.();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([
      Promise.allSettled([this.loop, this.options.sender.halt()]).then(() => 'done' as const),
      timedOut,
    ]);
    clearTimeout(timer);
    if (outcome === 'timeout')
      this.options.logger.warn(
        `a message was still being sent after ${timeoutMs} ms; its lease will expire and it will be retried`,
      );
  }

  private async run(): Promise<void> {
    const { clock, logger, sender } = this.options;
    while (!this.stopped) {
      this.wakeRequested = false;
      let next: number | null;
      try {
        next = (await sender.drainOnce()).nextDueAt;
      } catch (error) {
        logger.error({ err: error }, 'outbox drain failed; trying again shortly');
        next = clock.now() + ERROR_PAUSE_MS;
      }
      if (this.stopped) break;
      if (this.wakeRequested) continue;
      const wait = next === null ? this.idleMs : Math.min(this.idleMs, next - clock.now());
      await this.sleep(Math.max(MIN_SLEEP_MS, wait));
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeSleeper = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeSleeper = done;
    });
  }
}

import type { Clock, Sleep } from '../clock.js';
import { DAY_MS, MINUTE_MS } from '../model/time.js';
import type { RequestLog } from './ports.js';

/** How many requests one host may get: the providers' published limits, or a polite default. */
export interface HostBudget {
  perMinute: number;
  perDay: number;
  /** The least time between two requests (a service that allows about one a second). */
  minIntervalMs?: number;
}

/** Used for every host without its own budget: far below any public API's limit. */
export const DEFAULT_BUDGET: HostBudget = { perMinute: 30, perDay: 2_000 };

/** UN Comtrade: a little over a second apart (faster gets 429), 500 a day (the free key's quota). */
export const COMTRADE_BUDGET: HostBudget = { perMinute: 30, perDay: 500, minIntervalMs: 1_100 };

/** US Census: 500 requests a day without a key. */
export const CENSUS_BUDGET: HostBudget = { perMinute: 30, perDay: 500 };

export type BudgetDecision = { ok: true } | { ok: false; retryAt: number };

/** A host's requests of the last day, oldest first, and the last log row read into it. */
interface HostWindow {
  times: number[];
  lastId: number;
}

/**
 * A per-host request budget over a sliding minute and day. A full minute waits (a minute at most);
 * a full day is refused with the time it frees up, since waiting hours inside a poll helps no one.
 * The request log in the database is the truth (it holds across restarts and beside a `ree-watch
 * poll`); each host's day is read once, then only the rows logged since, so a request costs the same
 * however many the day already holds.
 */
export class RequestBudget {
  private readonly budgets = new Map<string, HostBudget>();
  private readonly windows = new Map<string, HostWindow>();
  private readonly turns = new Map<string, Promise<void>>();

  constructor(
    private readonly log: RequestLog,
    private readonly clock: Clock,
    private readonly sleep: Sleep,
  ) {}

  /** Sets the budget of a host (`host[:port]` as in a URL). */
  set(host: string, budget: HostBudget): void {
    this.budgets.set(host, budget);
  }

  budgetFor(host: string): HostBudget {
    return this.budgets.get(host) ?? DEFAULT_BUDGET;
  }

  /** Takes one request from the host's budget, waiting for the pace and the minute window. */
  async acquire(host: string, signal?: AbortSignal): Promise<BudgetDecision> {
    const budget = this.budgetFor(host);
    for (;;) {
      // Looking at the log and adding to it is one turn per host: two lanes on one host never both
      // take the last request of a minute.
      const step = await this.inTurn(host, async (): Promise<BudgetDecision | { waitMs: number }> => {
        const now = this.clock.now();
        const times = await this.today(host, now);
        if (times.length >= budget.perDay) return { ok: false, retryAt: (times[0] ?? now) + DAY_MS };
        const last = times.at(-1);
        const paceWait = last === undefined ? 0 : last + (budget.minIntervalMs ?? 0) - now;
        const firstThisMinute = countUpTo(times, now - MINUTE_MS);
        if (paceWait <= 0 && times.length - firstThisMinute < budget.perMinute) {
          await this.log.record(host, now);
          return { ok: true };
        }
        const oldest = times[firstThisMinute] ?? now;
        const minuteWait =
          times.length - firstThisMinute < budget.perMinute ? 0 : oldest + MINUTE_MS - now + 1;
        return { waitMs: Math.max(1, paceWait, minuteWait) };
      });
      if ('ok' in step) return step;
      await this.sleep(step.waitMs, signal);
    }
  }

  /** Requests the host's daily budget still allows now (this process's and others'). */
  remainingToday(host: string): Promise<number> {
    return this.inTurn(host, async () =>
      Math.max(0, this.budgetFor(host).perDay - (await this.today(host, this.clock.now())).length),
    );
  }

  /** Runs `step` after every step asked for earlier on the same host has finished. */
  private async inTurn<T>(host: string, step: () => Promise<T>): Promise<T> {
    const previous = this.turns.get(host) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => {
      done = resolve;
    });
    const tail = previous.then(() => mine);
    this.turns.set(host, tail);
    await previous;
    try {
      return await step();
    } finally {
      done();
      if (this.turns.get(host) === tail) this.turns.delete(host);
    }
  }

  /** The host's request times of the last day, oldest first. */
  private async today(host: string, now: number): Promise<number[]> {
    const times = await this.window(host, now);
    const firstToday = countUpTo(times, now - DAY_MS);
    if (firstToday > 0) times.splice(0, firstToday);
    return times;
  }

  /** The host's request times of the last day, oldest first, with what was logged since the last look. */
  private async window(host: string, now: number): Promise<number[]> {
    let window = this.windows.get(host);
    const rows = window
      ? await this.log.newer(host, window.lastId)
      : await this.log.recent(host, now - DAY_MS);
    if (!window) {
      window = { times: [], lastId: 0 };
      this.windows.set(host, window);
    }
    for (const row of rows) {
      window.lastId = row.id;
      // Another process's clock may be a little behind: keep the times in order.
      const at = countUpTo(window.times, row.at);
      if (at === window.times.length) window.times.push(row.at);
      else window.times.splice(at, 0, row.at);
    }
    return window.times;
  }
}

/** How many of the ascending `times` are at or before `limit`. */
function countUpTo(times: readonly number[], limit: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((times[middle] as number) <= limit) low = middle + 1;
    else high = middle;
  }
  return low;
}

import { type Clock, DAY_MS, MINUTE_MS, type Sleep } from '../clock.js';
import type { HttpRequestLog } from '../store/http-requests.js';

/** How many requests one host may get: the providers' published limits, or a polite default. */
export interface HostBudget {
  perMinute: number;
  perDay: number;
}

/** Used for every host without its own budget: far below any public API's limit. */
export const DEFAULT_BUDGET: HostBudget = { perMinute: 30, perDay: 2_000 };

/** UN Comtrade's free tier: about 10 requests a minute and 500 a day. */
export const COMTRADE_BUDGET: HostBudget = { perMinute: 10, perDay: 500 };

/** US Census: 500 requests a day without a key. */
export const CENSUS_BUDGET: HostBudget = { perMinute: 30, perDay: 500 };

export type BudgetDecision = { ok: true } | { ok: false; retryAt: number };

/**
 * A per-host request budget over a sliding minute and day. A full minute waits (a minute at most);
 * a full day is refused with the time it frees up, since waiting hours inside a poll helps no one.
 */
export class RequestBudget {
  private readonly budgets = new Map<string, HostBudget>();

  constructor(
    private readonly log: HttpRequestLog,
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

  /** Takes one request from the host's budget, waiting for the minute window when it is full. */
  async acquire(host: string, signal?: AbortSignal): Promise<BudgetDecision> {
    const budget = this.budgetFor(host);
    for (;;) {
      const now = this.clock.now();
      const today = this.log.count(host, now - DAY_MS);
      if (today >= budget.perDay) {
        const oldest = this.log.oldest(host, now - DAY_MS) ?? now;
        return { ok: false, retryAt: oldest + DAY_MS };
      }
      // The last minute is part of the day: fewer requests today than a minute allows needs no second count.
      if (today < budget.perMinute || this.log.count(host, now - MINUTE_MS) < budget.perMinute) {
        this.log.record(host, now);
        return { ok: true };
      }
      const oldest = this.log.oldest(host, now - MINUTE_MS) ?? now;
      await this.sleep(Math.max(1, oldest + MINUTE_MS - now + 1), signal);
    }
  }
}

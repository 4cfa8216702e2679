import type { Config } from '../config.js';
import { censusProvider } from './census.js';
import { comtradeProvider } from './comtrade.js';
import { dgftProvider } from './dgft.js';
import { federalRegisterProvider } from './federal-register.js';
import { CENSUS_BUDGET, COMTRADE_BUDGET, type HostBudget } from './http-budget.js';
import { mofcomProvider } from './mofcom.js';
import { rssProvider } from './rss.js';
import type { AnySource, SourceProvider } from './source.js';

/** Every source kind a watchlist may name; a new source is one more provider here. */
export const SOURCE_PROVIDERS: readonly SourceProvider[] = [
  comtradeProvider,
  censusProvider,
  federalRegisterProvider,
  mofcomProvider,
  dgftProvider,
  rssProvider,
];

/** Every polled source, by name, built from the config (each base URL comes from there). */
export function createSources(config: Config): Map<string, AnySource> {
  return new Map(SOURCE_PROVIDERS.map((provider) => [provider.name, provider.create(config.sources)]));
}

/**
 * Request budgets of the configured hosts that publish limits (keyed by host[:port], as in URLs).
 * Two sources on one host (a mirror, a loopback fake) share the stricter of their budgets.
 */
export function hostBudgets(config: Config): Record<string, HostBudget> {
  const budgets: Record<string, HostBudget> = {};
  const add = (url: string, budget: HostBudget) => {
    const host = new URL(url).host;
    const known = budgets[host];
    budgets[host] = known
      ? {
          perMinute: Math.min(known.perMinute, budget.perMinute),
          perDay: Math.min(known.perDay, budget.perDay),
          minIntervalMs: Math.max(known.minIntervalMs ?? 0, budget.minIntervalMs ?? 0),
        }
      : budget;
  };
  add(config.sources.comtrade.apiUrl, COMTRADE_BUDGET);
  add(config.sources.census.apiUrl, CENSUS_BUDGET);
  return budgets;
}

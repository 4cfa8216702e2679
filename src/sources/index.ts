import type { Config } from '../config.js';
import { createCensusSource } from './census.js';
import { createComtradeSource } from './comtrade.js';
import { createDgftSource } from './dgft.js';
import { createFederalRegisterSource } from './federal-register.js';
import { CENSUS_BUDGET, COMTRADE_BUDGET, type HostBudget } from './http-budget.js';
import { createMofcomSource } from './mofcom.js';
import { createRssSource } from './rss.js';
import type { AnySource } from './source.js';

/** Every polled source, by name, built from the config (each base URL comes from there). */
export function createSources(config: Config): Map<string, AnySource> {
  const { sources } = config;
  const list: AnySource[] = [
    createComtradeSource({ apiUrl: sources.comtrade.apiUrl, apiKey: sources.comtrade.apiKey }),
    createCensusSource({ apiUrl: sources.census.apiUrl, apiKey: sources.census.apiKey }),
    createFederalRegisterSource({ apiUrl: sources.federalRegister.apiUrl }),
    createMofcomSource({ url: sources.mofcom.url, englishUrl: sources.mofcom.englishUrl }),
    createDgftSource({ url: sources.dgft.url }),
    createRssSource(),
  ];
  return new Map(list.map((source) => [source.name, source]));
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

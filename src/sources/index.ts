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

/** Request budgets of the configured hosts that publish limits (keyed by host[:port], as in URLs). */
export function hostBudgets(config: Config): Record<string, HostBudget> {
  return {
    [new URL(config.sources.comtrade.apiUrl).host]: COMTRADE_BUDGET,
    [new URL(config.sources.census.apiUrl).host]: CENSUS_BUDGET,
  };
}

import { type Country, countryByCode } from '../../src/countries/index.js';
import { recentMonths } from '../../src/sources/parse.js';
import { seededRandom, seedOf } from '../lib/random.js';

/**
 * The trade workload every benchmark shares: monthly observations of rare-earth and magnet HS codes
 * between reporters and partners, both flows, value (USD) and weight (kg) from one Comtrade record,
 * 24 months each. Everything is derived from fixed seeds and a fixed date, so two runs (on any day)
 * build exactly the same rows.
 */

/** The benchmarks' "now": a poll on this day asks Comtrade for 2023-09 … 2025-08. */
export const WORKLOAD_NOW = Date.parse('2025-09-15T06:00:00Z');

/** HS codes ree-watch users watch: rare-earth metals and compounds, magnets, ores and alloys. */
export const WORKLOAD_HS = [
  '280530',
  '284610',
  '284690',
  '850511',
  '850519',
  '850520',
  '720299',
  '811299',
  '253090',
  '261790',
] as const;

/** Reporters first: China and India lead, so the pairs `/ree india` reads are always present. */
const REPORTERS = ['CN', 'IN', 'US', 'JP', 'KR', 'DE', 'VN', 'TH', 'MY', 'AU', 'FR', 'GB', 'NL', 'IT'];
/** Partners first in this order, then every other country of the table. */
const FIRST_PARTNERS = ['WORLD', 'CN', 'IN', 'US', 'JP', 'KR', 'DE', 'VN', 'TH', 'MY'];

export interface TradeRoute {
  reporter: Country;
  partner: Country;
  flow: 'export' | 'import';
}

export interface TradeWorkload {
  months: string[];
  hs: readonly string[];
  routes: TradeRoute[];
  /** Records (route × HS × month) left out so the total is exactly the target; keys of `recordKey`. */
  missing: ReadonlySet<string>;
  /** Observations in the workload: two per record (USD and kg). */
  observations: number;
}

export const recordKey = (route: TradeRoute, hs: string, period: string): string =>
  `${route.reporter.code}|${route.partner.code}|${route.flow}|${hs}|${period}`;

/** Routes in a fixed order: each reporter with each partner, export then import. */
function* allRoutes(): Generator<TradeRoute> {
  const others = [...new Set([...FIRST_PARTNERS, ...allCountryCodes()])];
  for (const partnerCode of others)
    for (const reporterCode of REPORTERS) {
      if (partnerCode === reporterCode) continue;
      const reporter = countryByCode(reporterCode) as Country;
      const partner = countryByCode(partnerCode) as Country;
      yield { reporter, partner, flow: 'export' };
      yield { reporter, partner, flow: 'import' };
    }
}

function allCountryCodes(): string[] {
  const codes: string[] = [];
  for (let first = 65; first <= 90; first++)
    for (let second = 65; second <= 90; second++) {
      const code = String.fromCharCode(first, second);
      if (countryByCode(code)) codes.push(code);
    }
  return codes;
}

/** The smallest workload of whole routes holding at least `observations` rows, trimmed to exactly that. */
export function tradeWorkload(observations: number): TradeWorkload {
  const months = recentMonths(WORKLOAD_NOW, 24);
  const perRoute = months.length * WORKLOAD_HS.length * 2;
  const routeCount = Math.ceil(observations / perRoute);
  const routes: TradeRoute[] = [];
  for (const route of allRoutes()) {
    if (routes.length === routeCount) break;
    routes.push(route);
  }
  if (routes.length < routeCount)
    throw new Error(`the country table has too few routes for ${observations} rows`);
  // The surplus comes off the last route's last months, so only that route has gaps.
  const surplusRecords = (routeCount * perRoute - observations) / 2;
  if (!Number.isInteger(surplusRecords))
    throw new Error('the observation count must be even (USD and kg per record)');
  const missing = new Set<string>();
  const last = routes.at(-1) as TradeRoute;
  for (const period of [...months].reverse())
    for (const hs of WORKLOAD_HS) if (missing.size < surplusRecords) missing.add(recordKey(last, hs, period));
  return { months, hs: WORKLOAD_HS, routes, missing, observations };
}

/** The figures of one record: a series-specific level, a gentle trend and monthly noise. */
export function recordFigures(route: TradeRoute, hs: string, period: string): { usd: number; kg: number } {
  const series = seededRandom(seedOf(`${route.reporter.code}|${route.partner.code}|${route.flow}|${hs}`));
  const level = 10 ** (4 + series() * 4); // $10 k … $100 M a month
  const pricePerKg = 20 + series() * 80;
  const month = seededRandom(
    seedOf(`${route.reporter.code}|${route.partner.code}|${route.flow}|${hs}|${period}`),
  );
  const usd = Math.round(level * (0.7 + month() * 0.6));
  return { usd, kg: Math.round(usd / pricePerKg) };
}

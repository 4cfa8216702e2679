import type { SkipCode } from '../model/alert.js';
import type { SeriesHistory, SeriesPoint } from '../model/trade.js';
import type { COMPARISONS } from '../model/watchlist.js';
import { addMonths, formatPeriod, formatPeriodRange } from './periods.js';

export type Comparison = (typeof COMPARISONS)[number];

export type Baseline =
  | {
      ok: true;
      value: number;
      /** The months the baseline is made of, oldest first. */
      periods: string[];
      /** "April 2025" or "the 6-month average over November 2024 – April 2025". */
      description: string;
    }
  | { ok: false; code: SkipCode; detail: string };

/** Names up to three months, then "and N more". */
export function listPeriods(periods: readonly string[]): string {
  const names = periods.map(formatPeriod);
  if (names.length <= 3)
    return names.length < 2 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return `${names.slice(0, 3).join(', ')} and ${names.length - 3} more`;
}

/** The months a comparison reads, oldest first. */
export function baselinePeriods(latest: string, compare: Comparison, months = 1): string[] {
  if (compare === 'previous-month') return [addMonths(latest, -1)];
  if (compare === 'same-month-last-year') return [addMonths(latest, -12)];
  return Array.from({ length: months }, (_, index) => addMonths(latest, index - months));
}

/**
 * Checks that every month the comparison needs is present, reported, in the latest month's unit
 * and adds up to something other than zero. A gap is never read as zero: that is how a missing
 * month would otherwise become a bogus 100 % drop.
 */
export function usableMonths(
  byPeriod: ReadonlyMap<string, SeriesPoint>,
  latest: SeriesPoint,
  periods: readonly string[],
): { ok: true; points: (SeriesPoint & { value: number })[] } | { ok: false; code: SkipCode; detail: string } {
  const missing = periods.filter((period) => !byPeriod.has(period));
  if (missing.length > 0)
    return { ok: false, code: 'missing-month', detail: `no figure for ${listPeriods(missing)}` };
  const points = periods.map((period) => byPeriod.get(period) as SeriesPoint);
  const suppressed = points.filter((point) => point.value === null).map((point) => point.period);
  if (suppressed.length > 0)
    return {
      ok: false,
      code: 'suppressed',
      detail: `the figure for ${listPeriods(suppressed)} is suppressed (confidential)`,
    };
  const other = points.find((point) => point.unit !== latest.unit);
  if (other)
    return {
      ok: false,
      code: 'unit-change',
      detail: `${formatPeriod(latest.period)} is in ${latest.unit} but ${formatPeriod(other.period)} is in ${other.unit}`,
    };
  return { ok: true, points: points as (SeriesPoint & { value: number })[] };
}

export function findBaseline(
  series: SeriesHistory,
  latest: SeriesPoint,
  compare: Comparison,
  months?: number,
): Baseline {
  const periods = baselinePeriods(latest.period, compare, months);
  const usable = usableMonths(new Map(series.points.map((point) => [point.period, point])), latest, periods);
  if (!usable.ok) return usable;
  const value = usable.points.reduce((sum, point) => sum + point.value, 0) / usable.points.length;
  const first = periods[0] as string;
  const last = periods[periods.length - 1] as string;
  const description =
    compare === 'trailing-average'
      ? `the ${periods.length}-month average over ${formatPeriodRange(first, last)}`
      : formatPeriod(first);
  if (value <= 0)
    return {
      ok: false,
      code: 'zero-baseline',
      detail: `${description} is ${value === 0 ? 'zero' : 'negative'}, so a percentage change means nothing`,
    };
  return { ok: true, value, periods, description };
}

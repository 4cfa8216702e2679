import type { SeriesHistory } from '../model/trade.js';
import type { TradeWatchlist } from '../model/watchlist.js';
import { type Comparison, findBaseline } from './baseline.js';
import { percentChange } from './format.js';
import { latestPoint } from './trade-input.js';

/** The newest month against one baseline: the figures a comparison line shows. */
export interface SeriesComparison {
  compare: Comparison;
  /** 1, or the months of a trailing average. */
  months: number;
  change: number;
  base: number;
  /** The months the baseline is made of, oldest first. */
  periods: string[];
}

/** A series' newest month and every comparison its watchlist reads, in numbers (no wording). */
export interface SeriesSnapshot {
  watchlistId: string;
  subject: string;
  hs: string;
  period: string | null;
  value: number | null;
  /** The newest month is published with no trade recorded for the route (value 0). */
  noTrade: boolean;
  unit: string;
  /** Month on month, year on year, then each trailing average a rule of the watchlist uses. */
  comparisons: SeriesComparison[];
}

/**
 * The comparisons of the newest month that can be made honestly (the same checks as the rules: no
 * missing, suppressed, zero or differently measured month is ever compared). Pure.
 */
export function seriesSnapshot(watchlist: TradeWatchlist, series: SeriesHistory): SeriesSnapshot {
  const latest = latestPoint(series);
  const snapshot: SeriesSnapshot = {
    watchlistId: watchlist.id,
    subject: series.subject,
    hs: series.hs,
    period: latest?.period ?? null,
    value: latest?.value ?? null,
    noTrade: latest?.status === 'no-trade',
    unit: latest?.unit ?? series.unit,
    comparisons: [],
  };
  if (!latest || latest.value === null) return snapshot;
  const averages = new Set<number>();
  for (const rule of watchlist.rules)
    if ((rule.type === 'drop' || rule.type === 'rise') && rule.compare === 'trailing-average' && rule.months)
      averages.add(rule.months);
  const wanted: [Comparison, number][] = [
    ['previous-month', 1],
    ['same-month-last-year', 1],
    ...[...averages]
      .sort((a, b) => a - b)
      .map((months): [Comparison, number] => ['trailing-average', months]),
  ];
  for (const [compare, months] of wanted) {
    const baseline = findBaseline(series, latest, compare, months);
    if (!baseline.ok) continue;
    snapshot.comparisons.push({
      compare,
      months,
      change: percentChange(baseline.value, latest.value),
      base: baseline.value,
      periods: baseline.periods,
    });
  }
  return snapshot;
}

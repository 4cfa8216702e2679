import type { StoredAlert } from '../model/alert.js';
import type { RecentMonths, SeriesHistory, SeriesPoint, StoredSeries } from '../model/trade.js';
import type { TradeRule, TradeWatchlist } from '../model/watchlist.js';
import { findBaseline } from './baseline.js';
import { percentChange } from './format.js';
import { addMonths, monthRange } from './periods.js';
import { describeRule, ruleKey } from './rule-key.js';

/** One month of a watched series, with what the rule compared it against. */
export interface TrackedMonth {
  period: string;
  value: number | null;
  /** What the month was compared with (previous month, a year earlier, an average), when known. */
  baseline: number | null;
  /** Where the rule fires: below it for a drop or floor, above it for a rise. */
  threshold: number | null;
  /** Percentage change against the baseline. */
  change: number | null;
  alerted: boolean;
  /** The stored month's status; null when no row is stored for the month. */
  status: SeriesPoint['status'] | null;
}

export interface SeriesTrack {
  series: StoredSeries;
  /** The rule whose baseline and threshold are shown: the one that fired last, else the first drop. */
  rule: TradeRule | undefined;
  ruleText: string | undefined;
  months: TrackedMonth[];
}

/** Rules with a line to draw: change rules have a moving baseline, a floor a fixed one. */
const drawable = (rule: TradeRule) => rule.type === 'drop' || rule.type === 'rise' || rule.type === 'floor';

/** The rule to explain: the one behind the newest alert, else the first drop, else any drawable one. */
export function ruleToShow(watchlist: TradeWatchlist, alerts: readonly StoredAlert[]): TradeRule | undefined {
  for (const alert of alerts) {
    const rule = watchlist.rules.find((candidate) => ruleKey(candidate) === alert.rule);
    if (rule && drawable(rule)) return rule;
  }
  return watchlist.rules.find((rule) => rule.type === 'drop') ?? watchlist.rules.find(drawable);
}

/** How many stored months `trackSeries` needs to show `months` months: the baseline looks further back. */
export function monthsToRead(rule: TradeRule | undefined, months: number): number {
  const lookBack = rule && (rule.type === 'drop' || rule.type === 'rise') ? (rule.months ?? 12) : 0;
  return months + Math.max(lookBack, 12);
}

/**
 * The last `months` months of one stored series of a watchlist (`recent`: at least `monthsToRead`
 * of its newest months), with the shown rule's baseline and threshold per month and the months it
 * alerted on. Pure.
 */
export function trackSeries(
  series: StoredSeries,
  recent: RecentMonths,
  rule: TradeRule | undefined,
  alerts: readonly StoredAlert[],
  months: number,
  /** Show months up to this one even without rows (a month not yet published, say). */
  through?: string,
): SeriesTrack {
  const key = rule ? ruleKey(rule) : undefined;
  const history: SeriesHistory = {
    subject: `hs-${series.hs}`,
    hs: series.hs,
    unit: series.unit,
    points: recent.points,
    revisions: [],
  };
  const byPeriod = new Map(recent.points.map((point) => [point.period, point]));
  const alerted = new Set(
    alerts
      .filter((alert) => alert.rule === key && alert.subject === history.subject && alert.period !== null)
      .map((alert) => alert.period),
  );
  const stored = recent.points.at(-1)?.period;
  const latest = stored && through && through > stored ? through : stored;
  const periods = latest ? monthRange(addMonths(latest, 1 - months), latest) : [];
  return {
    series,
    rule,
    ruleText: rule ? describeRule(rule, series.unit) : undefined,
    months: periods.map((period) => {
      const point = byPeriod.get(period);
      const value = point?.value ?? null;
      const month: TrackedMonth = {
        period,
        value,
        baseline: null,
        threshold: null,
        change: null,
        alerted: alerted.has(period),
        status: point?.status ?? null,
      };
      if (!rule) return month;
      if (rule.type === 'floor') return { ...month, threshold: rule.below };
      if ((rule.type !== 'drop' && rule.type !== 'rise') || !point) return month;
      const baseline = findBaseline(history, point, rule.compare, rule.months);
      if (!baseline.ok) return month;
      const factor = rule.type === 'drop' ? 1 - rule.percent / 100 : 1 + rule.percent / 100;
      return {
        ...month,
        baseline: baseline.value,
        threshold: baseline.value * factor,
        change: value === null ? null : percentChange(baseline.value, value),
      };
    }),
  };
}

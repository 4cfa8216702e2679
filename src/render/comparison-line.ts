import type { TradeRule, TradeWatchlist } from '../model/watchlist.js';
import { displayUnit, formatAmountIn, formatChange } from '../rules/format.js';
import { ruleKey } from '../rules/rule-key.js';
import type { SeriesComparison, SeriesSnapshot } from '../rules/series-snapshot.js';
import { MARKERS } from './markers.js';

/** "m/m", "y/y", "vs 6-month average". */
export function comparisonName(comparison: Pick<SeriesComparison, 'compare' | 'months'>): string {
  if (comparison.compare === 'previous-month') return 'm/m';
  if (comparison.compare === 'same-month-last-year') return 'y/y';
  return `vs ${comparison.months}-month average`;
}

/** The unit every figure of a series entry is shown in (tonnes for a heavy kg series). */
export function entryUnit(snapshot: SeriesSnapshot): string {
  return displayUnit(snapshot.unit, [snapshot.value, ...snapshot.comparisons.map((c) => c.base)]);
}

/** Does the rule compare against this baseline? */
export function ruleReads(rule: TradeRule, comparison: SeriesComparison): boolean {
  if (rule.type !== 'drop' && rule.type !== 'rise') return false;
  if (rule.compare !== comparison.compare) return false;
  return rule.compare !== 'trailing-average' || rule.months === comparison.months;
}

/** "the -25% monthly-drop threshold", "the floor of 1,000 t": what a recovery is back above. */
export function thresholdName(rule: TradeRule, snapshot: SeriesSnapshot): string | undefined {
  const shown = entryUnit(snapshot);
  switch (rule.type) {
    case 'drop': {
      const which =
        rule.compare === 'previous-month'
          ? 'monthly-drop'
          : rule.compare === 'same-month-last-year'
            ? 'year-on-year'
            : `${rule.months}-month-average`;
      return `the -${rule.percent}% ${which} threshold`;
    }
    case 'floor':
      return `the floor of ${formatAmountIn(rule.below, snapshot.unit, shown)}`;
    default:
      return undefined;
  }
}

/** The rules of a watchlist by key. */
export const rulesByKey = (watchlist: TradeWatchlist): Map<string, TradeRule> =>
  new Map(watchlist.rules.map((rule) => [ruleKey(rule), rule]));

/** "the a, the b and the c". */
function joinAnd(items: readonly string[]): string {
  if (items.length < 2) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/**
 * Every comparison of the newest month in one line, each marked where a rule's threshold is crossed
 * (▼ / ▲, "still" when it was already crossed), then the thresholds the series is back above:
 * "+667% m/m (46 t) ▲ · still -44% y/y (625 t) ▼; back above the -25% monthly-drop threshold".
 */
export function comparisonLine(
  watchlist: TradeWatchlist,
  snapshot: SeriesSnapshot,
  rules: { holding: ReadonlySet<string>; still: ReadonlySet<string>; ended: readonly string[] },
): string {
  const shown = entryUnit(snapshot);
  const byKey = rulesByKey(watchlist);
  const segments = snapshot.comparisons.map((comparison) => {
    const reading = [...byKey].filter(([, rule]) => ruleReads(rule, comparison));
    const holding = reading.filter(([key]) => rules.holding.has(key));
    // A level (a year earlier, an average) can stay crossed; each month-on-month move is new.
    const level = comparison.compare !== 'previous-month';
    const still = level && holding.some(([key]) => rules.still.has(key)) ? 'still ' : '';
    const mark = holding.some(([, rule]) => rule.type === 'drop')
      ? ` ${MARKERS.fall}`
      : holding.some(([, rule]) => rule.type === 'rise')
        ? ` ${MARKERS.rise}`
        : '';
    return `${still}${formatChange(comparison.change)} ${comparisonName(comparison)} (${formatAmountIn(comparison.base, snapshot.unit, shown)})${mark}`;
  });
  if (segments.length === 0 && snapshot.period !== null && snapshot.value !== null)
    segments.push(
      `${formatAmountIn(snapshot.value, snapshot.unit, shown)}, no earlier month to compare with`,
    );
  const recovered = rules.ended
    .map((key) => byKey.get(key))
    .flatMap((rule) => (rule ? [thresholdName(rule, snapshot)] : []))
    .filter((name): name is string => name !== undefined);
  const back = recovered.length > 0 ? `; back above ${joinAnd(recovered)}` : '';
  return `${segments.join(' · ')}${back}`;
}

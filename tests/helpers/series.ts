import type { SeriesHistory, SeriesPoint, SeriesRevision } from '../../src/model/trade.js';
import type { TradeRule, TradeWatchlist } from '../../src/model/watchlist.js';

/** A month for `history`: a number, null (suppressed), or a point with its own unit or status. */
export type MonthSpec =
  | number
  | null
  | { value: number | null; unit?: string; status?: SeriesPoint['status'] };

/** A series history from `{ '2025-03': 100, '2025-04': 42 }`; months left out are missing. */
export function history(
  months: Record<string, MonthSpec>,
  options: { hs?: string; unit?: string; revisions?: SeriesRevision[] } = {},
): SeriesHistory {
  const unit = options.unit ?? 'USD';
  const points = Object.entries(months)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([period, spec]): SeriesPoint => {
      if (spec === null) return { period, value: null, status: 'suppressed', unit };
      if (typeof spec === 'number') return { period, value: spec, status: 'reported', unit };
      return {
        period,
        value: spec.value,
        status: spec.status ?? (spec.value === null ? 'suppressed' : 'reported'),
        unit: spec.unit ?? unit,
      };
    });
  const hs = options.hs ?? '850511';
  return { subject: `hs-${hs}`, hs, unit, points, revisions: options.revisions ?? [] };
}

/** A loaded trade watchlist (China → India magnets) with the given rules. */
export function tradeWatchlist(rules: TradeRule[], overrides: Partial<TradeWatchlist> = {}): TradeWatchlist {
  return {
    id: 'china-india-magnets',
    title: 'China → India rare-earth magnet exports',
    kind: 'trade',
    source: 'comtrade',
    reporter: 'CN',
    partner: 'IN',
    flow: 'export',
    hs: ['850511'],
    measure: 'value',
    unit: 'USD',
    rules,
    repeatIntervalMs: 7 * 86_400_000,
    ...overrides,
  };
}

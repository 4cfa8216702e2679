import { describe, expect, it } from 'vitest';
import type { AlertCandidate } from '../../src/model/alert.js';
import type { SeriesHistory } from '../../src/model/trade.js';
import type { TradeRule } from '../../src/model/watchlist.js';
import { describeMovement, type SeriesMovement } from '../../src/render/series-entry.js';
import { evaluateTradeWatchlist } from '../../src/rules/evaluate-trade.js';
import { seriesSnapshot } from '../../src/rules/series-snapshot.js';
import { history, tradeWatchlist } from '../helpers/series.js';

const RULES: TradeRule[] = [
  { type: 'drop', compare: 'previous-month', percent: 25 },
  { type: 'drop', compare: 'same-month-last-year', percent: 30 },
  { type: 'drop', compare: 'trailing-average', months: 3, percent: 30 },
  { type: 'rise', compare: 'previous-month', percent: 50 },
  { type: 'streak', months: 2 },
  { type: 'stale', days: 75 },
];
const MM = 'drop:previous-month:25%';
const YY = 'drop:same-month-last-year:30%';
const AVG = 'drop:trailing-average-3m:30%';
const RISE = 'rise:previous-month:50%';
const STREAK = 'streak:2m';
const US = tradeWatchlist(RULES, {
  id: 'china-us-magnets',
  title: 'China → United States rare-earth magnet exports',
  partner: 'US',
  measure: 'weight',
  unit: 'kg',
});
const NOW = Date.parse('2025-07-21T12:00:00Z');

/** China → US magnets in kg (published: 46 t in May 2025, 353 t in June; 2024 partly derived). */
const kg = (months: Record<string, number>): SeriesHistory =>
  history(Object.fromEntries(Object.entries(months).map(([period, tonnes]) => [period, tonnes * 1000])), {
    unit: 'kg',
  });

/** What the watchlist's rules fired on this history, by rule key. */
function fired(series: SeriesHistory): Map<string, AlertCandidate> {
  return new Map(
    evaluateTradeWatchlist(US, [series], NOW).flatMap((outcome) =>
      outcome.outcome === 'fire' ? [[outcome.rule, outcome.alert] as const] : [],
    ),
  );
}

function describe_(series: SeriesHistory, movement: Partial<SeriesMovement>) {
  return describeMovement(US, seriesSnapshot(US, series), {
    transition: 'change',
    newRules: [],
    stillRules: [],
    endedRules: [],
    wasFalling: false,
    worse: false,
    fired: fired(series),
    revisions: [],
    ...movement,
  });
}

const JUNE = kg({ '2024-06': 625, '2025-03': 625, '2025-04': 256, '2025-05': 46, '2025-06': 353 });

describe('one entry for a series: the strongest signal, then every comparison', () => {
  it('leads with the rule that is new this month, marks what still holds, and what recovered', () => {
    const entry = describe_(JUNE, {
      newRules: [RISE],
      stillRules: [YY],
      endedRules: [MM, STREAK],
      wasFalling: true,
    });
    expect(entry).toEqual({
      marker: 'rise',
      severity: 'warning',
      headline:
        "China → United States rare-earth magnet exports rebounded to 353 t in June 2025, +667% on May's 46 t",
      comparisons:
        '+667% m/m (46 t) ▲ · still -44% y/y (625 t) ▼ · +14% vs 3-month average (309 t); back above the -25% monthly-drop threshold',
      notes: [],
    });
  });

  it('says "no trade recorded" for a published month without a row, never "fell to 0 t"', () => {
    const may = history(
      {
        '2024-05': 657_000,
        '2025-03': 625_000,
        '2025-04': 256_000,
        '2025-05': { value: 0, status: 'no-trade' },
      },
      { unit: 'kg' },
    );
    const entry = describe_(may, { transition: 'enter', newRules: [MM, YY] });
    expect(entry.headline).toBe(
      "China → United States rare-earth magnet exports: no trade recorded in May 2025 (the month is published), down from April's 256 t",
    );
    expect(entry.marker).toBe('fall');
    expect(entry.comparisons).toBe('-100% m/m (256 t) ▼ · -100% y/y (657 t) ▼');
  });

  it('ranks rules by how far past their threshold they are when several cross at once', () => {
    const may = kg({ '2024-05': 657, '2025-02': 600, '2025-03': 625, '2025-04': 256, '2025-05': 46 });
    const entry = describe_(may, { transition: 'enter', newRules: [MM, YY, AVG, STREAK] });
    // -82% is 3.3 times the 25% rule; -93% is 3.1 times the 30% rule.
    expect(entry.headline).toBe(
      "China → United States rare-earth magnet exports fell to 46 t in May 2025, -82% on April's 256 t",
    );
    expect(entry.marker).toBe('fall');
    expect(entry.severity).toBe('critical');
    expect(entry.comparisons).toBe(
      '-82% m/m (256 t) ▼ · -93% y/y (657 t) ▼ · -91% vs 3-month average (494 t) ▼',
    );
    // The streak keeps its own words.
    expect(entry.notes).toEqual([
      {
        marker: 'fall',
        text: 'China → United States rare-earth magnet exports fell for 2 months in a row to 46 t in May 2025, from 625 t in March 2025 (-93%).',
      },
    ]);
  });

  it('says "fell further" for a fall a step deeper, and "recovered" with the comparison that recovered', () => {
    const may = kg({ '2024-05': 657, '2025-04': 256, '2025-05': 46 });
    expect(describe_(may, { stillRules: [MM, YY], worse: true }).headline).toContain('fell further to 46 t');
    const july = kg({ '2024-07': 591, '2025-06': 353, '2025-07': 619 });
    const recovered = describe_(july, {
      transition: 'recover',
      stillRules: [RISE],
      endedRules: [YY],
      wasFalling: true,
    });
    expect(recovered).toMatchObject({
      marker: 'recovered',
      severity: 'info',
      headline:
        "China → United States rare-earth magnet exports recovered to 619 t in July 2025, +4.7% on July 2024's 591 t",
      comparisons: '+75% m/m (353 t) ▲ · +4.7% y/y (591 t); back above the -30% year-on-year threshold',
    });
  });

  it('shows a light kg series in kg throughout, never kg beside t', () => {
    const light = kg({ '2025-04': 0.9, '2025-05': 0.4 });
    expect(describe_(light, { transition: 'enter', newRules: [MM] })).toMatchObject({
      headline:
        "China → United States rare-earth magnet exports fell to 400 kg in May 2025, -56% on April's 900 kg",
      comparisons: '-56% m/m (900 kg) ▼',
    });
  });

  it('leads with the revision when a revision is all that is new', () => {
    const revision = {
      headline:
        'China → United States rare-earth magnet exports: the figure for May 2025 was revised from 46 t to 52 t (+13%).',
    } as AlertCandidate;
    const entry = describe_(JUNE, { transition: 'revised', stillRules: [YY], revisions: [revision] });
    expect(entry.marker).toBe('warning');
    expect(entry.headline).toBe(revision.headline);
    expect(entry.notes).toEqual([]);
    expect(entry.comparisons).toContain('still -44% y/y (625 t) ▼');
  });
});

import { describe, expect, it } from 'vitest';
import type { RuleOutcome } from '../../src/model/alert.js';
import type { TradeRule } from '../../src/model/watchlist.js';
import { evaluateTradeRule } from '../../src/rules/evaluate-trade.js';
import { history, type MonthSpec, tradeWatchlist } from '../helpers/series.js';

const NOW = Date.parse('2025-08-15T00:00:00Z');

function evaluate(rule: TradeRule, months: Record<string, MonthSpec>, unit = 'USD'): RuleOutcome {
  const [outcome, ...rest] = evaluateTradeRule({
    watchlist: tradeWatchlist([rule], { unit: unit === 'kg' ? 'kg' : 'USD' }),
    rule,
    series: history(months, { unit }),
    now: NOW,
  });
  expect(rest).toEqual([]);
  return outcome as RuleOutcome;
}

const dropVsPrevious: TradeRule = { type: 'drop', compare: 'previous-month', percent: 20 };

describe('drop against the previous month (the seed story)', () => {
  it('fires when a series falls from 100 to 42 (-58 %), saying what, how much, from what to what and when', () => {
    const outcome = evaluate(dropVsPrevious, { '2025-03': 100, '2025-04': 42 });
    expect(outcome).toMatchObject({
      outcome: 'fire',
      period: '2025-04',
      alert: {
        dedupKey: 'china-india-magnets/drop:previous-month:20%/hs-850511/2025-04',
        kind: 'condition',
        severity: 'critical',
        headline:
          'China → India rare-earth magnet exports fell 58% in April 2025: $42, down from $100 in March 2025.',
        source: 'UN Comtrade',
      },
    });
    if (outcome.outcome !== 'fire') return;
    expect(outcome.alert.facts).toContainEqual({ label: 'Change', value: '-58%' });
    expect(outcome.alert.facts).toContainEqual({ label: 'From', value: '$100 (March 2025)' });
    expect(outcome.alert.url).toMatch(/^https:\/\//);
  });

  it('clears when the following month is back at 95', () => {
    const outcome = evaluate(dropVsPrevious, { '2025-03': 100, '2025-04': 42, '2025-05': 95 });
    expect(outcome).toMatchObject({ outcome: 'clear', period: '2025-05' });
    if (outcome.outcome !== 'clear') return;
    expect(outcome.headline).toBe(
      'China → India rare-earth magnet exports in May 2025: $95, +126% against April 2025; no longer a drop of 20% or more from the previous month.',
    );
  });

  it.each([
    ['a fall of exactly the threshold fires', { '2025-03': 100, '2025-04': 80 }, 'fire'],
    ['a fall just short of the threshold does not', { '2025-03': 100, '2025-04': 80.1 }, 'clear'],
    ['a rise does not', { '2025-03': 100, '2025-04': 130 }, 'clear'],
    [
      'the real April → May 2025 magnet collapse (2,627 t → 1,238 t) fires',
      { '2025-04': 2_627_000, '2025-05': 1_238_470 },
      'fire',
    ],
  ])('%s', (_name, months, expected) => {
    expect(evaluate(dropVsPrevious, months).outcome).toBe(expected);
  });

  it.each([
    [
      'a missing month fires nothing',
      { '2025-02': 100, '2025-04': 42 },
      'missing-month',
      'missing month: no figure for March 2025',
    ],
    [
      'a zero baseline is skipped, never an infinite change',
      { '2025-03': 0, '2025-04': 42 },
      'zero-baseline',
      'zero baseline: March 2025 is zero, so a percentage change means nothing',
    ],
    [
      'a suppressed latest month is skipped, never a 100 % drop',
      { '2025-03': 100, '2025-04': null },
      'suppressed',
      'suppressed value: the figure for April 2025 is suppressed (confidential)',
    ],
    [
      'a suppressed baseline month is skipped',
      { '2025-03': null, '2025-04': 42 },
      'suppressed',
      'suppressed value: the figure for March 2025 is suppressed (confidential)',
    ],
    [
      'a unit change between the months is skipped',
      { '2025-03': 100_000, '2025-04': { value: 42, unit: 't' } },
      'unit-change',
      'unit change: April 2025 is in t but March 2025 is in kg',
    ],
    ['no data at all is skipped', {}, 'no-data', 'no data: no figures stored yet for HS 850511'],
  ])('%s', (_name, months, code, reason) => {
    const outcome = evaluate(dropVsPrevious, months, code === 'unit-change' ? 'kg' : 'USD');
    expect(outcome).toMatchObject({ outcome: 'skip', code, reason });
  });

  it('with "below", fires only when the new figure is also under the amount', () => {
    const rule: TradeRule = { ...dropVsPrevious, below: 50 };
    expect(evaluate(rule, { '2025-03': 100, '2025-04': 42 }).outcome).toBe('fire');
    expect(evaluate({ ...rule, below: 40 }, { '2025-03': 100, '2025-04': 42 }).outcome).toBe('clear');
  });

  it('marks an estimated figure as such and calls a fall under twice the threshold a warning', () => {
    const outcome = evaluate(dropVsPrevious, {
      '2025-03': 100,
      '2025-04': { value: 70, status: 'estimated' },
    });
    expect(outcome).toMatchObject({ outcome: 'fire', alert: { severity: 'warning' } });
    if (outcome.outcome === 'fire')
      expect(outcome.alert.facts).toContainEqual({ label: 'To', value: '$70 (estimated)' });
  });
});

describe('drop against the same month last year', () => {
  const rule: TradeRule = { type: 'drop', compare: 'same-month-last-year', percent: 30 };

  it('fires on May 2025 against May 2024 (-74 %), whatever happened in between', () => {
    const outcome = evaluate(
      rule,
      { '2024-05': 4_761_000, '2025-04': 2_627_000, '2025-05': 1_238_470 },
      'kg',
    );
    expect(outcome).toMatchObject({
      outcome: 'fire',
      alert: {
        headline:
          'China → India rare-earth magnet exports fell 74% year on year in May 2025: 1,238 t, down from 4,761 t in May 2024.',
      },
    });
  });

  it('skips when last year’s month is missing', () => {
    expect(evaluate(rule, { '2025-04': 100, '2025-05': 20 })).toMatchObject({
      outcome: 'skip',
      code: 'missing-month',
      reason: 'missing month: no figure for May 2024',
    });
  });
});

describe('drop against the trailing average', () => {
  const rule: TradeRule = { type: 'drop', compare: 'trailing-average', months: 6, percent: 30 };
  const sixMonths = {
    '2024-11': 90,
    '2024-12': 110,
    '2025-01': 100,
    '2025-02': 95,
    '2025-03': 105,
    '2025-04': 100,
  };

  it('fires when the month falls 30 % below the average of the six before it', () => {
    const outcome = evaluate(rule, { ...sixMonths, '2025-05': 42 });
    expect(outcome).toMatchObject({
      outcome: 'fire',
      alert: {
        dedupKey: 'china-india-magnets/drop:trailing-average-6m:30%/hs-850511/2025-05',
        headline:
          'China → India rare-earth magnet exports fell 58% below its 6-month average in May 2025: $42, against $100 over November 2024 – April 2025.',
      },
    });
  });

  it('clears when the month is within 30 % of the average', () => {
    expect(evaluate(rule, { ...sixMonths, '2025-05': 75 }).outcome).toBe('clear');
  });

  it('skips, naming the gap, when one of the six months is missing', () => {
    const { '2025-02': _gone, ...gap } = sixMonths;
    expect(evaluate(rule, { ...gap, '2025-05': 42 })).toMatchObject({
      outcome: 'skip',
      code: 'missing-month',
      reason: 'missing month: no figure for February 2025',
    });
  });

  it('skips when the average is zero', () => {
    const zeros = Object.fromEntries(Object.keys(sixMonths).map((period) => [period, 0]));
    expect(evaluate(rule, { ...zeros, '2025-05': 10 })).toMatchObject({
      outcome: 'skip',
      code: 'zero-baseline',
    });
  });
});

describe('rise', () => {
  const rule: TradeRule = { type: 'rise', compare: 'previous-month', percent: 50 };

  it('fires on June 2025’s jump after licences cleared (1,238 t → 3,188 t, +157 %)', () => {
    const outcome = evaluate(rule, { '2025-05': 1_238_470, '2025-06': 3_188_000 }, 'kg');
    expect(outcome).toMatchObject({
      outcome: 'fire',
      alert: {
        severity: 'info',
        headline:
          'China → India rare-earth magnet exports rose 157% in June 2025: 3,188 t, up from 1,238 t in May 2025.',
      },
    });
  });

  it('does not fire on a fall, and honours "above"', () => {
    expect(evaluate(rule, { '2025-05': 100, '2025-06': 40 }).outcome).toBe('clear');
    expect(evaluate({ ...rule, above: 200 }, { '2025-05': 100, '2025-06': 160 }).outcome).toBe('clear');
    expect(evaluate({ ...rule, above: 150 }, { '2025-05': 100, '2025-06': 160 }).outcome).toBe('fire');
  });

  it('skips a rise from zero instead of calling it infinite', () => {
    expect(evaluate(rule, { '2025-05': 0, '2025-06': 500 })).toMatchObject({
      outcome: 'skip',
      code: 'zero-baseline',
    });
  });
});

describe('a month with no trade recorded (published by the reporter, no row for the route)', () => {
  const noTrade = { value: 0, status: 'no-trade' as const };

  it('fires a drop that says "no trade recorded", never a bare "fell 100 %"', () => {
    const outcome = evaluate(dropVsPrevious, { '2025-04': 198_000, '2025-05': noTrade }, 'kg');
    expect(outcome).toMatchObject({ outcome: 'fire', period: '2025-05', alert: { severity: 'critical' } });
    if (outcome.outcome !== 'fire') return;
    expect(outcome.alert.headline).toBe(
      'China → India rare-earth magnet exports: no trade recorded in May 2025 (the month is published), down from 198 t in April 2025.',
    );
    expect(outcome.alert.facts).toContainEqual({ label: 'To', value: 'no trade recorded' });
  });

  it('cannot compare a rebound with a month of no trade: the rule waits instead of calling it a rise', () => {
    const rise: TradeRule = { type: 'rise', compare: 'previous-month', percent: 50 };
    const outcome = evaluate(rise, { '2025-04': noTrade, '2025-05': 150_000 }, 'kg');
    expect(outcome).toMatchObject({ outcome: 'skip', code: 'zero-baseline' });
  });
});

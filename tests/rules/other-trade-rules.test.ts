import { describe, expect, it } from 'vitest';
import type { RuleOutcome } from '../../src/model/alert.js';
import type { SeriesRevision } from '../../src/model/trade.js';
import type { TradeRule } from '../../src/model/watchlist.js';
import { evaluateTradeRule, evaluateTradeWatchlist } from '../../src/rules/evaluate-trade.js';
import { history, type MonthSpec, tradeWatchlist } from '../helpers/series.js';

const DAY = 86_400_000;

function evaluate(
  rule: TradeRule,
  months: Record<string, MonthSpec>,
  options: { now?: string; revisions?: SeriesRevision[] } = {},
): RuleOutcome[] {
  return evaluateTradeRule({
    watchlist: tradeWatchlist([rule]),
    rule,
    series: history(months, { revisions: options.revisions }),
    now: Date.parse(options.now ?? '2025-08-15T00:00:00Z'),
  });
}

describe('floor', () => {
  const rule: TradeRule = { type: 'floor', below: 1_000_000 };

  it.each([
    ['fires below the floor', { '2025-05': 800_000 }, 'fire'],
    ['clears at the floor', { '2025-05': 1_000_000 }, 'clear'],
    ['skips a suppressed month', { '2025-05': null }, 'skip'],
  ])('%s', (_name, months, expected) => {
    expect(evaluate(rule, months)[0]?.outcome).toBe(expected);
  });

  it('reads a month with no trade recorded as below the floor, in those words', () => {
    expect(evaluate(rule, { '2025-05': { value: 0, status: 'no-trade' } })[0]).toMatchObject({
      outcome: 'fire',
      alert: {
        headline:
          'China → India rare-earth magnet exports: no trade recorded in May 2025 (the month is published), below the floor of $1 M.',
      },
    });
  });

  it('says how far under and which month', () => {
    expect(evaluate(rule, { '2025-05': 800_000 })[0]).toMatchObject({
      alert: {
        dedupKey: 'china-india-magnets/floor:below-1000000/hs-850511/2025-05',
        headline:
          'China → India rare-earth magnet exports stood at $800 k in May 2025, below the floor of $1 M.',
      },
    });
  });
});

describe('streak', () => {
  const rule: TradeRule = { type: 'streak', months: 3 };

  it('fires on three monthly declines in a row', () => {
    const [outcome] = evaluate(rule, { '2025-02': 100, '2025-03': 90, '2025-04': 80, '2025-05': 70 });
    expect(outcome).toMatchObject({
      outcome: 'fire',
      alert: {
        headline:
          'China → India rare-earth magnet exports fell for 3 months in a row to $70 in May 2025, from $100 in February 2025 (-30%).',
      },
    });
  });

  it.each([
    ['an interrupted run clears', { '2025-02': 100, '2025-03': 90, '2025-04': 95, '2025-05': 70 }, 'clear'],
    ['a flat month breaks the run', { '2025-02': 100, '2025-03': 90, '2025-04': 80, '2025-05': 80 }, 'clear'],
    ['a missing month skips', { '2025-02': 100, '2025-04': 80, '2025-05': 70 }, 'skip'],
    ['two missing months skip', { '2025-04': 80, '2025-05': 70 }, 'skip'],
    ['a suppressed month skips', { '2025-02': 100, '2025-03': null, '2025-04': 80, '2025-05': 70 }, 'skip'],
  ])('%s', (_name, months, expected) => {
    expect(evaluate(rule, months)[0]?.outcome).toBe(expected);
  });

  it('names the missing months', () => {
    expect(evaluate(rule, { '2025-04': 80, '2025-05': 70 })[0]).toMatchObject({
      reason: 'missing month: no figure for February 2025 and March 2025',
    });
  });

  it('explains a cleared run in words', () => {
    const [outcome] = evaluate(rule, { '2025-02': 100, '2025-03': 90, '2025-04': 95, '2025-05': 70 });
    expect(outcome).toMatchObject({
      headline:
        'China → India rare-earth magnet exports: 1 monthly decline in a row to May 2025, fewer than the 3 the rule needs.',
    });
  });
});

describe('stale', () => {
  const rule: TradeRule = { type: 'stale', days: 75 };
  const months = { '2025-03': 100, '2025-04': 90 };

  it('fires when the newest month ended more than N days ago', () => {
    // April ended on 1 May; 20 July is 80 days later.
    const [outcome] = evaluate(rule, months, { now: '2025-07-20T00:00:00Z' });
    expect(outcome).toMatchObject({
      outcome: 'fire',
      alert: {
        severity: 'info',
        dedupKey: 'china-india-magnets/stale:75d/hs-850511/2025-04',
        headline:
          'No new figure for China → India rare-earth magnet exports since April 2025: that month ended 80 days ago (the limit is 75 days).',
      },
    });
  });

  it('clears while the newest month is recent enough, even when it is suppressed', () => {
    expect(evaluate(rule, months, { now: '2025-07-10T00:00:00Z' })[0]?.outcome).toBe('clear');
    expect(evaluate(rule, { ...months, '2025-06': null }, { now: '2025-08-15T00:00:00Z' })[0]?.outcome).toBe(
      'clear',
    );
  });

  it('counts a published month with no trade recorded as up to date, not stale', () => {
    const fresh = { ...months, '2025-06': { value: 0, status: 'no-trade' as const } };
    expect(evaluate(rule, fresh, { now: '2025-08-15T00:00:00Z' })[0]?.outcome).toBe('clear');
  });

  it('skips a series with no data at all instead of calling it stale', () => {
    expect(evaluate(rule, {})[0]).toMatchObject({ outcome: 'skip', code: 'no-data' });
  });
});

describe('revision', () => {
  const rule: TradeRule = { type: 'revision', percent: 10 };
  const now = '2025-08-15T00:00:00Z';
  const revised = (oldValue: number | null, newValue: number | null, daysAgo = 2): SeriesRevision => ({
    period: '2025-04',
    oldValue,
    newValue,
    unit: 'USD',
    revisedAt: Date.parse(now) - daysAgo * DAY,
  });

  it('fires once per revision beyond the threshold, as an event keyed by when it was revised', () => {
    const outcomes = evaluate(rule, { '2025-04': 115 }, { now, revisions: [revised(100, 115)] });
    expect(outcomes).toMatchObject([
      {
        outcome: 'fire',
        alert: {
          kind: 'event',
          dedupKey: 'china-india-magnets/revision:10%/hs-850511/2025-04@2025-08-13T00:00:00.000Z',
          headline:
            'China → India rare-earth magnet exports: the figure for April 2025 was revised from $100 to $115 (+15%).',
        },
      },
    ]);
  });

  it.each([
    ['a small revision', revised(100, 105), 'clear'],
    ['a revision older than 30 days', revised(100, 150, 40), 'clear'],
    ['a revision from zero', revised(0, 150), 'skip'],
    ['a revision that suppressed the figure', revised(100, null), 'skip'],
  ])('%s does not fire', (_name, revision, expected) => {
    const outcomes = evaluate(rule, { '2025-04': 1 }, { now, revisions: [revision] });
    expect(outcomes.map((outcome) => outcome.outcome)).toEqual([expected]);
  });
});

describe('a whole trade watchlist', () => {
  it('evaluates every rule against every HS series, labelling each series when there are several', () => {
    const watchlist = tradeWatchlist(
      [
        { type: 'drop', compare: 'previous-month', percent: 20 },
        { type: 'stale', days: 75 },
      ],
      { hs: ['2846', '280530'], title: 'China → world rare-earth compounds and metals exports' },
    );
    const outcomes = evaluateTradeWatchlist(
      watchlist,
      [
        history({ '2025-05': 100, '2025-06': 50 }, { hs: '2846' }),
        history({ '2025-05': 100, '2025-06': 99 }, { hs: '280530' }),
      ],
      Date.parse('2025-07-15T00:00:00Z'),
    );
    expect(outcomes.map((outcome) => `${outcome.subject} ${outcome.rule} ${outcome.outcome}`)).toEqual([
      'hs-2846 drop:previous-month:20% fire',
      'hs-2846 stale:75d clear',
      'hs-280530 drop:previous-month:20% clear',
      'hs-280530 stale:75d clear',
    ]);
    expect(outcomes[0]).toMatchObject({
      alert: {
        headline: expect.stringMatching(
          /^China → world rare-earth compounds and metals exports \(HS 2846\) fell 50%/,
        ),
      },
    });
  });
});

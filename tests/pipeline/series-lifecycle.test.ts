import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/model/time.js';
import {
  decideSeries,
  type SeriesBefore,
  type SeriesReading,
  type SeriesTransition,
} from '../../src/pipeline/series-lifecycle.js';
import { type RuleKind, ruleKindOf } from '../../src/rules/rule-key.js';

const MM = 'drop:previous-month:25%';
const YY = 'drop:same-month-last-year:30%';
const AVG = 'drop:trailing-average-6m:30%';
const RISE = 'rise:previous-month:50%';
const STALE = 'stale:75d';
const NOW = Date.parse('2025-07-21T12:00:00Z');

const rules = (...keys: string[]) => new Map<string, RuleKind>(keys.map((key) => [key, ruleKindOf(key)]));

function before(
  alerting: string[],
  told?: { period: string; value: number; daysAgo?: number },
): SeriesBefore {
  return {
    alerting: rules(...alerting),
    period: told?.period ?? null,
    told: told && { period: told.period, value: told.value, at: NOW - (told.daysAgo ?? 30) * DAY_MS },
  };
}

function reading(
  period: string,
  value: number,
  outcome: { hold?: string[]; clear?: string[]; skip?: string[]; events?: number },
): SeriesReading {
  return {
    period,
    value,
    holding: rules(...(outcome.hold ?? [])),
    clear: new Set(outcome.clear ?? []),
    skipped: new Set(outcome.skip ?? []),
    events: outcome.events ?? 0,
  };
}

interface Case {
  name: string;
  before: SeriesBefore;
  reading: SeriesReading;
  repeatMs?: number;
  silent?: string[];
  transition: SeriesTransition;
  told: boolean;
  after: string[];
}

// The demo's series, month by month (China's magnet exports in tonnes, 2025).
const CASES: Case[] = [
  {
    name: 'enter: April, the US series falls 59% m/m and y/y',
    before: before([]),
    reading: reading('2025-04', 256, { hold: [MM, YY], clear: [RISE, STALE] }),
    transition: 'enter',
    told: true,
    after: [MM, YY],
  },
  {
    name: 'change: May, the same rules hold and the figure fell another 82% below the 256 t told',
    before: before([MM, YY], { period: '2025-04', value: 256 }),
    reading: reading('2025-05', 46, { hold: [MM, YY] }),
    transition: 'change',
    told: true,
    after: [MM, YY],
  },
  {
    name: 'change: June, a new rule (the rebound) fires while y/y still holds',
    before: before([MM, YY], { period: '2025-05', value: 46 }),
    reading: reading('2025-06', 353, { hold: [YY, RISE], clear: [MM] }),
    transition: 'change',
    told: true,
    after: [YY, RISE],
  },
  {
    name: 'recover: June, Japan is back above every drop threshold (and rebounds)',
    before: before([MM, YY], { period: '2025-05', value: 58 }),
    reading: reading('2025-06', 142, { hold: [RISE], clear: [MM, YY] }),
    transition: 'recover',
    told: true,
    after: [RISE],
  },
  {
    name: 'recover: July, the US y/y drop clears while the rise still holds',
    before: before([YY, RISE], { period: '2025-06', value: 353 }),
    reading: reading('2025-07', 619, { hold: [RISE], clear: [YY, MM] }),
    transition: 'recover',
    told: true,
    after: [RISE],
  },
  {
    name: 'rise ending is silent: July, Japan +42% is under the +50% rise threshold',
    before: before([RISE], { period: '2025-06', value: 142 }),
    reading: reading('2025-07', 201, { clear: [RISE, MM, YY] }),
    transition: 'end',
    told: false,
    after: [],
  },
  {
    name: 'one rule of several going quiet is silent: June, India m/m clears, y/y and average hold',
    before: before([MM, YY, AVG], { period: '2025-05', value: 150 }),
    reading: reading('2025-06', 172, { hold: [YY, AVG], clear: [MM] }),
    transition: 'quiet',
    told: false,
    after: [YY, AVG],
  },
  {
    name: 'a new month that changes nothing is silent (and not called resolved)',
    before: before([YY, AVG], { period: '2025-06', value: 172 }),
    reading: reading('2025-07', 170, { hold: [YY, AVG] }),
    transition: 'still',
    told: false,
    after: [YY, AVG],
  },
  {
    name: 'a fall less than a step deeper is not news',
    before: before([MM, YY], { period: '2025-04', value: 200 }),
    reading: reading('2025-05', 161, { hold: [MM, YY] }),
    transition: 'still',
    told: false,
    after: [MM, YY],
  },
  {
    name: 'notify_resolved: false makes the recovery silent',
    before: before([MM], { period: '2025-05', value: 46 }),
    reading: reading('2025-06', 50, { clear: [MM] }),
    silent: [MM],
    transition: 'end',
    told: false,
    after: [],
  },
  {
    name: 'a recovery is told if any rule that recovered still wants it told',
    before: before([MM, YY], { period: '2025-05', value: 46 }),
    reading: reading('2025-06', 700, { clear: [MM, YY] }),
    silent: [MM],
    transition: 'recover',
    told: true,
    after: [],
  },
  {
    name: 'a skipped rule (missing month) keeps alerting: no recovery from missing data',
    before: before([MM, YY], { period: '2025-05', value: 46 }),
    reading: reading('2025-07', 300, { clear: [YY], skip: [MM] }),
    transition: 'quiet',
    told: false,
    after: [MM],
  },
  {
    name: 'stale entering is news, like any rule',
    before: before([]),
    reading: reading('2025-05', 46, { hold: [STALE], clear: [MM] }),
    transition: 'enter',
    told: true,
    after: [STALE],
  },
  {
    name: 'a revision is told when nothing else about the series is',
    before: before([]),
    reading: reading('2025-06', 353, { clear: [MM, YY], events: 1 }),
    transition: 'revised',
    told: true,
    after: [],
  },
  {
    name: 'reminders are off unless the watchlist sets repeat',
    before: before([YY], { period: '2025-06', value: 172, daysAgo: 90 }),
    reading: reading('2025-06', 172, { hold: [YY] }),
    transition: 'none',
    told: false,
    after: [YY],
  },
  {
    name: 'with repeat: 7d, a series still alerting is reminded once 7 days have passed',
    before: before([YY], { period: '2025-06', value: 172, daysAgo: 7 }),
    reading: reading('2025-06', 172, { hold: [YY] }),
    repeatMs: 7 * DAY_MS,
    transition: 'remind',
    told: true,
    after: [YY],
  },
  {
    name: '… and not before',
    before: before([YY], { period: '2025-06', value: 172, daysAgo: 6 }),
    reading: reading('2025-06', 172, { hold: [YY] }),
    repeatMs: 7 * DAY_MS,
    transition: 'none',
    told: false,
    after: [YY],
  },
  {
    name: 'a rule removed from the watchlist leaves the state without telling',
    before: before([MM, YY], { period: '2025-05', value: 46 }),
    reading: reading('2025-05', 46, { hold: [YY] }),
    transition: 'quiet',
    told: false,
    after: [YY],
  },
];

describe('the series state machine (normal → alerting → recovered), table by table', () => {
  it.each(CASES)('$name', (test) => {
    const decision = decideSeries(test.before, test.reading, {
      now: NOW,
      repeatMs: test.repeatMs ?? Number.POSITIVE_INFINITY,
      silentRecovery: new Set(test.silent ?? []),
    });
    expect({
      transition: decision.transition,
      told: decision.told,
      after: [...decision.alertingAfter.keys()].sort(),
    }).toEqual({ transition: test.transition, told: test.told, after: [...test.after].sort() });
  });

  it('says which rules are new, still holding and ended, and whether a fall is a step deeper', () => {
    const decision = decideSeries(
      before([MM, YY], { period: '2025-05', value: 46 }),
      reading('2025-06', 353, { hold: [YY, RISE], clear: [MM] }),
      { now: NOW, repeatMs: Number.POSITIVE_INFINITY, silentRecovery: new Set() },
    );
    expect(decision).toMatchObject({
      newRules: [RISE],
      stillRules: [YY],
      endedRules: [MM],
      worse: false,
      newMonth: true,
    });
  });
});

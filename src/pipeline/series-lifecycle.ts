import type { RuleKind } from '../rules/rule-key.js';

/**
 * The state of one series (one HS code of one trade watchlist) is `normal` or `alerting` on a set of
 * its rules. Each cycle moves it by one transition; only some transitions are news for a channel.
 */
export type SeriesTransition =
  /** normal → alerting: a rule holds where none did. Told. */
  | 'enter'
  /** alerting → alerting with a new rule, or a fall deeper by another step. Told. */
  | 'change'
  /** alerting on a fall → no fall rule holds any more (a rise may). Told unless notify_resolved: false. */
  | 'recover'
  /** still alerting, and `repeat` has passed since the channel was last told. Told. */
  | 'remind'
  /** nothing else is news, but a published month was revised. Told. */
  | 'revised'
  /** alerting → normal without a recovery to tell: a rise or a silence ended, or a quiet recovery. */
  | 'end'
  /** one rule of several went quiet; the others still hold. */
  | 'quiet'
  /** a new month that changes nothing. */
  | 'still'
  /** nothing happened. */
  | 'none';

export const SERIES_TRANSITIONS: readonly SeriesTransition[] = [
  'enter',
  'change',
  'recover',
  'remind',
  'revised',
  'end',
  'quiet',
  'still',
  'none',
];

/** A fall deeper than the figure last told by this much is news again ("another −20 %"). */
export const WORSE_STEP_PERCENT = 20;

/** What the series' rules said at this cycle. */
export interface SeriesReading {
  /** Newest month on record, null when there is none. */
  period: string | null;
  value: number | null;
  /** Condition rules that hold now, by rule key. */
  holding: ReadonlyMap<string, RuleKind>;
  /** Rules evaluated on good data that do not hold. */
  clear: ReadonlySet<string>;
  /** Rules that could not be evaluated (missing month …): they neither start nor end anything. */
  skipped: ReadonlySet<string>;
  /** Revisions first seen at this cycle. */
  events: number;
}

/** The series as the store knew it before this cycle. */
export interface SeriesBefore {
  /** Rules alerting, by rule key. */
  alerting: ReadonlyMap<string, RuleKind>;
  /** Newest month seen while alerting. */
  period: string | null;
  /** What the channels were last told: the month, its figure and when. */
  told: { period: string | null; value: number | null; at: number | null } | undefined;
}

export interface SeriesPolicy {
  now: number;
  /** Remind this often while alerting; Infinity for never (the default). */
  repeatMs: number;
  /** Rules with `notify_resolved: false`: their recovery alone is not told. */
  silentRecovery: ReadonlySet<string>;
}

export interface SeriesDecision {
  transition: SeriesTransition;
  told: boolean;
  alertingAfter: Map<string, RuleKind>;
  /** Holding now and not before. */
  newRules: string[];
  /** Holding now and before. */
  stillRules: string[];
  /** Alerting before, evaluated false now. */
  endedRules: string[];
  /** A new month of a fall, another WORSE_STEP_PERCENT below the figure last told. */
  worse: boolean;
  newMonth: boolean;
}

/** The facts the transition table reads. */
interface Facts {
  wasAlerting: boolean;
  isAlerting: boolean;
  newRules: readonly string[];
  /** Alerting before and not now: ended, or removed from the watchlist. */
  leftRules: readonly string[];
  recoveredFromFall: boolean;
  recoveryTold: boolean;
  worse: boolean;
  reminderDue: boolean;
  newMonth: boolean;
}

interface Row {
  transition: SeriesTransition;
  told: boolean;
  when: (facts: Facts) => boolean;
}

/**
 * The transition table, read top to bottom: the first row whose condition holds decides. A rise
 * ending, a silence ending or one rule of several going quiet is recorded (and `/ree history` shows
 * it) but never posted; a revision is posted when nothing else about the series is.
 */
export const SERIES_TABLE: readonly Row[] = [
  { transition: 'enter', told: true, when: (f) => !f.wasAlerting && f.isAlerting },
  { transition: 'recover', told: true, when: (f) => f.recoveredFromFall && f.recoveryTold },
  { transition: 'change', told: true, when: (f) => f.wasAlerting && f.newRules.length > 0 },
  { transition: 'change', told: true, when: (f) => f.worse },
  { transition: 'end', told: false, when: (f) => f.wasAlerting && !f.isAlerting },
  { transition: 'quiet', told: false, when: (f) => f.leftRules.length > 0 },
  { transition: 'remind', told: true, when: (f) => f.isAlerting && f.reminderDue },
  { transition: 'still', told: false, when: (f) => f.isAlerting && f.newMonth },
  { transition: 'none', told: false, when: () => true },
];

const hasFall = (rules: ReadonlyMap<string, RuleKind>) => [...rules.values()].includes('fall');

/** One series, one cycle: the next state and whether the channels hear of it. Pure. */
export function decideSeries(
  before: SeriesBefore,
  reading: SeriesReading,
  policy: SeriesPolicy,
): SeriesDecision {
  const alertingAfter = new Map(reading.holding);
  // A rule that could not be evaluated keeps its state; one no longer in the watchlist is gone.
  for (const [rule, kind] of before.alerting) if (reading.skipped.has(rule)) alertingAfter.set(rule, kind);
  const newRules = [...reading.holding.keys()].filter((rule) => !before.alerting.has(rule));
  const stillRules = [...reading.holding.keys()].filter((rule) => before.alerting.has(rule));
  const endedRules = [...before.alerting.keys()].filter((rule) => reading.clear.has(rule));
  const endedFalls = endedRules.filter((rule) => before.alerting.get(rule) === 'fall');
  const newMonth = reading.period !== null && reading.period !== before.period;
  const toldValue = before.told?.value ?? null;
  const worse =
    newMonth &&
    hasFall(alertingAfter) &&
    toldValue !== null &&
    toldValue > 0 &&
    reading.value !== null &&
    reading.value <= toldValue * (1 - WORSE_STEP_PERCENT / 100);
  const toldAt = before.told?.at ?? null;
  const facts: Facts = {
    wasAlerting: before.alerting.size > 0,
    isAlerting: alertingAfter.size > 0,
    newRules,
    leftRules: [...before.alerting.keys()].filter((rule) => !alertingAfter.has(rule)),
    recoveredFromFall: hasFall(before.alerting) && !hasFall(alertingAfter) && endedFalls.length > 0,
    recoveryTold: endedFalls.some((rule) => !policy.silentRecovery.has(rule)),
    worse,
    reminderDue:
      Number.isFinite(policy.repeatMs) && (toldAt === null || policy.now - toldAt >= policy.repeatMs),
    newMonth,
  };
  const row = SERIES_TABLE.find((candidate) => candidate.when(facts)) as Row;
  const revisedOnly = !row.told && reading.events > 0;
  return {
    transition: revisedOnly ? 'revised' : row.transition,
    told: row.told || revisedOnly,
    alertingAfter,
    newRules,
    stillRules,
    endedRules,
    worse,
    newMonth,
  };
}

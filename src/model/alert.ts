/** Alerts: what the rules raise, what the lifecycle records, what `/ree status` and `/ree history` read. */

export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface Fact {
  label: string;
  value: string;
}

/** A matched notice in parts: its title as published, when, by whom, and the keywords it matched. */
export interface NoticeFacts {
  title: string;
  /** 'YYYY-MM-DD', or null when the source gives no date. */
  published: string | null;
  agency?: string;
  matched: string[];
}

/** An alert a rule wants to raise; the lifecycle decides whether anyone is told. */
export interface AlertCandidate {
  /** watchlist + rule + subject + period (or notice id): stable across polls. */
  dedupKey: string;
  watchlistId: string;
  rule: string;
  subject: string;
  period: string | null;
  /** Conditions repeat while true and resolve when they clear; events (notices, revisions) fire once. */
  kind: 'condition' | 'event';
  severity: AlertSeverity;
  /** One plain sentence: what changed, by how much, from what to what, which period. */
  headline: string;
  facts: Fact[];
  /** Display name of the data source, e.g. "UN Comtrade". */
  source: string;
  url?: string;
  /** Set on notice alerts: the notice as a digest lists it. */
  notice?: NoticeFacts;
}

/** Why a rule could not be evaluated; shown by `/ree status`, never an alert. */
export type SkipCode = 'no-data' | 'missing-month' | 'zero-baseline' | 'suppressed' | 'unit-change';

interface OutcomeBase {
  watchlistId: string;
  rule: string;
  subject: string;
  period: string | null;
}

/** The condition holds: raise (or keep) the alert. */
export interface FireOutcome extends OutcomeBase {
  outcome: 'fire';
  alert: AlertCandidate;
}

/** The condition was evaluated on good data and does not hold: resolve any alert it raised. */
export interface ClearOutcome extends OutcomeBase {
  outcome: 'clear';
  /** What the data says now, for the "resolved" line. */
  headline: string;
  facts: Fact[];
}

/** The rule could not be evaluated: neither fire nor resolve, and say why. */
export interface SkipOutcome extends OutcomeBase {
  outcome: 'skip';
  code: SkipCode;
  /** Readable, e.g. "missing month: no figure for April 2025". */
  reason: string;
}

export type RuleOutcome = FireOutcome | ClearOutcome | SkipOutcome;

/** What an alert said, kept so a repeat or a resolution can be told without re-reading the data. */
export interface AlertDetail {
  kind: AlertCandidate['kind'];
  headline: string;
  facts: Fact[];
  source: string;
  url?: string;
  /** Set when the alert resolved because its condition cleared: what the data said then. */
  resolution?: { headline: string; facts: Fact[] };
  /** Set when the alert was closed without telling anyone (superseded by a newer month, rule removed). */
  closedBecause?: string;
  /** Set when a newer month of the same rule and series took its place ('YYYY-MM'): replaced, not resolved. */
  replacedBy?: string;
}

/** The lifecycle record of one alert, keyed by dedup key. */
export interface StoredAlert {
  dedupKey: string;
  watchlist: string;
  rule: string;
  subject: string;
  period: string | null;
  state: 'firing' | 'resolved';
  severity: AlertSeverity;
  detail: AlertDetail;
  firstSeenAt: number;
  lastSeenAt: number;
  lastNotifiedAt: number | null;
  resolvedAt: number | null;
}

/** What an alert says, from the candidate that raised it. */
export function detailOf(candidate: AlertCandidate): AlertDetail {
  return {
    kind: candidate.kind,
    headline: candidate.headline,
    facts: candidate.facts,
    source: candidate.source,
    ...(candidate.url ? { url: candidate.url } : {}),
  };
}

/** A rule that could not be evaluated at the last evaluation, and why. */
export interface RuleSkip {
  watchlist: string;
  rule: string;
  subject: string;
  period: string | null;
  /** Readable, e.g. "missing month: no figure for April 2025". */
  reason: string;
  /** When the rule was last evaluated and skipped. */
  at: number;
}

/** An alerting series as the last cycle left it. */
export interface SeriesState {
  watchlist: string;
  subject: string;
  /** Newest month seen while alerting. */
  period: string | null;
  /** What the channels were last told: the month, its figure (in the series' unit) and when. */
  toldPeriod: string | null;
  toldValue: number | null;
  toldAt: number | null;
  updatedAt: number;
}

export const seriesStateKey = (watchlist: string, subject: string): string => `${watchlist}\n${subject}`;

import type { AlertSeverity } from '../render/alert-digest.js';

/** One month of one trade series as the rules see it. */
export interface SeriesPoint {
  /** 'YYYY-MM' */
  period: string;
  /** null when the figure is suppressed or confidential; 0 for a month with no trade recorded. */
  value: number | null;
  /**
   * `no-trade`: the reporter has published the month and the source answered without a row for the
   * route (Comtrade leaves out zero rows). A real zero, unlike a missing or suppressed month.
   */
  status: 'reported' | 'suppressed' | 'estimated' | 'no-trade';
  unit: string;
}

/** A stored month whose value changed after it was first published. */
export interface SeriesRevision {
  period: string;
  oldValue: number | null;
  newValue: number | null;
  revisedAt: number;
  unit: string;
}

/** Everything the rules know about one series (one HS code) of a trade watchlist. */
export interface SeriesHistory {
  /** Names the series inside its watchlist, e.g. "hs-850511". */
  subject: string;
  hs: string;
  /** The unit the watchlist reads: "USD" or "kg". */
  unit: string;
  /** Oldest month first; one point per month that has a row (missing months have none). */
  points: SeriesPoint[];
  revisions: SeriesRevision[];
}

export interface Fact {
  label: string;
  value: string;
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

/** A matched notice in parts: its title as published, when, by whom, and the keywords it matched. */
export interface NoticeFacts {
  title: string;
  /** 'YYYY-MM-DD', or null when the source gives no date. */
  published: string | null;
  agency?: string;
  matched: string[];
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

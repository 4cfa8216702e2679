import type { ClearOutcome, RuleOutcome, StoredAlert } from '../model/alert.js';
import type { Transition } from './types.js';

export interface LifecycleInput {
  /** Every outcome of this evaluation. */
  outcomes: readonly RuleOutcome[];
  /** Ids of the evaluated watchlists; alerts of watchlists not listed here are closed. */
  watchlists: ReadonlySet<string>;
  /** Every alert currently firing. */
  firing: readonly StoredAlert[];
  /** Any stored alert by dedup key (events and resolved ones included). */
  lookup: (dedupKey: string) => StoredAlert | undefined;
}

/** One alert's rule on one series of one watchlist, whatever the period: what an outcome concerns. */
export const alertGroup = (watchlist: string, rule: string, subject: string) =>
  `${watchlist}\n${rule}\n${subject}`;

/**
 * Decides, Alertmanager-style, what each outcome means for the alert it concerns (one rule, one
 * series, one month); what channels are told is decided per series, from these, in series-cycle.ts:
 * - a new condition (or one that had resolved) is `firing`; an event fires only if never seen;
 * - a condition still true is `unchanged`;
 * - a firing alert whose rule now evaluates false on good data is `resolved`;
 * - a firing alert replaced by a newer month of the same rule and series is `closed` as replaced
 *   (never resolved: the month did not recover), as is one whose rule, series or watchlist is gone;
 * - a skipped evaluation (missing month, suppressed value …) changes nothing.
 */
export function decideTransitions(input: LifecycleInput): Transition[] {
  const transitions: Transition[] = [];
  const firingByKey = new Map(input.firing.map((alert) => [alert.dedupKey, alert]));
  const evaluated = new Set<string>();
  const clears = new Map<string, ClearOutcome>();
  const firedPeriods = new Map<string, string>();
  const firedNow = new Set<string>();

  for (const outcome of input.outcomes) {
    const key = alertGroup(outcome.watchlistId, outcome.rule, outcome.subject);
    evaluated.add(key);
    if (outcome.outcome === 'clear') clears.set(key, outcome);
    if (outcome.outcome !== 'fire') continue;
    const alert = outcome.alert;
    if (firedNow.has(alert.dedupKey)) continue;
    firedNow.add(alert.dedupKey);
    if (alert.kind === 'condition') firedPeriods.set(key, alert.period ?? '');
    const stored = firingByKey.get(alert.dedupKey) ?? input.lookup(alert.dedupKey);
    if (alert.kind === 'event') {
      if (!stored) transitions.push({ type: 'firing', alert });
      continue;
    }
    transitions.push({ type: stored?.state === 'firing' ? 'unchanged' : 'firing', alert });
  }

  for (const alert of input.firing) {
    if (firedNow.has(alert.dedupKey)) continue;
    const key = alertGroup(alert.watchlist, alert.rule, alert.subject);
    if (!input.watchlists.has(alert.watchlist)) {
      transitions.push({ type: 'closed', alert, because: 'the watchlist was removed' });
      continue;
    }
    if (!evaluated.has(key)) {
      transitions.push({
        type: 'closed',
        alert,
        because: 'the rule or series is no longer in the watchlist',
      });
      continue;
    }
    const newer = firedPeriods.get(key);
    if (newer !== undefined) {
      transitions.push({
        type: 'closed',
        alert,
        because: `superseded by the alert for ${newer}`,
        replacedBy: newer,
      });
      continue;
    }
    const clear = clears.get(key);
    if (clear)
      transitions.push({
        type: 'resolved',
        alert,
        resolution: { headline: clear.headline, facts: clear.facts },
      });
  }
  return transitions;
}

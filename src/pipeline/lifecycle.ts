import type { ClearOutcome, RuleOutcome } from '../rules/types.js';
import type { StoredAlert } from '../store/alerts.js';
import type { Transition } from './types.js';

export interface LifecycleInput {
  /** Every outcome of this evaluation. */
  outcomes: readonly RuleOutcome[];
  /** Repeat interval of each evaluated watchlist; alerts of watchlists not listed here are closed. */
  repeatIntervalMs: ReadonlyMap<string, number>;
  /** Every alert currently firing. */
  firing: readonly StoredAlert[];
  /** Any stored alert by dedup key (events and resolved ones included). */
  lookup: (dedupKey: string) => StoredAlert | undefined;
  now: number;
}

/** One alert's rule on one series of one watchlist, whatever the period: what an outcome concerns. */
export const alertGroup = (watchlist: string, rule: string, subject: string) =>
  `${watchlist}\n${rule}\n${subject}`;

/**
 * Decides, Alertmanager-style, what each outcome means for the alert it concerns:
 * - a new condition (or one that had resolved) is `firing`; an event fires only if never seen;
 * - a condition still true is `repeat` once `repeatIntervalMs` has passed since it was last told,
 *   otherwise `unchanged`;
 * - a firing alert whose rule now evaluates false on good data is `resolved` (told once);
 * - a firing alert replaced by a newer month of the same rule and series, or whose rule, series or
 *   watchlist is gone, is `closed` without telling anyone;
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
    if (stored?.state !== 'firing') {
      transitions.push({ type: 'firing', alert });
      continue;
    }
    const interval = input.repeatIntervalMs.get(alert.watchlistId) ?? Number.POSITIVE_INFINITY;
    const due = stored.lastNotifiedAt === null || input.now - stored.lastNotifiedAt >= interval;
    transitions.push({ type: due ? 'repeat' : 'unchanged', alert });
  }

  for (const alert of input.firing) {
    if (firedNow.has(alert.dedupKey)) continue;
    const key = alertGroup(alert.watchlist, alert.rule, alert.subject);
    if (!input.repeatIntervalMs.has(alert.watchlist)) {
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
      transitions.push({ type: 'closed', alert, because: `superseded by the alert for ${newer}` });
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

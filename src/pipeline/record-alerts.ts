import type { SkipOutcome } from '../rules/types.js';
import type { AlertStore } from '../store/alerts.js';
import type { RuleSkipStore } from '../store/rule-skips.js';
import type { Transition } from './types.js';

/** Writes every transition to the alert table and replaces the evaluated watchlists' rule skips. */
export function recordAlerts(
  stores: { alerts: AlertStore; ruleSkips: RuleSkipStore },
  transitions: readonly Transition[],
  skips: readonly SkipOutcome[],
  evaluatedWatchlists: readonly string[],
  now: number,
): void {
  for (const transition of transitions) {
    switch (transition.type) {
      case 'firing':
        stores.alerts.recordFiring(transition.alert, now);
        break;
      case 'repeat':
      case 'unchanged':
        stores.alerts.recordStillFiring(transition.alert, now, transition.type === 'repeat');
        break;
      case 'resolved':
        stores.alerts.recordResolved(
          transition.alert,
          { ...transition.alert.detail, resolution: transition.resolution },
          now,
          true,
        );
        break;
      case 'closed':
        stores.alerts.recordResolved(
          transition.alert,
          { ...transition.alert.detail, closedBecause: transition.because },
          now,
          false,
        );
        break;
    }
  }
  stores.ruleSkips.replace(
    evaluatedWatchlists,
    skips.map((skip) => ({
      watchlist: skip.watchlistId,
      rule: skip.rule,
      subject: skip.subject,
      period: skip.period,
      reason: skip.reason,
    })),
    now,
  );
}

import { type SkipOutcome, seriesStateKey } from '../model/alert.js';
import { NOTICE_RULE } from '../rules/rule-key.js';
import type { AlertCycleRepositories } from './ports.js';
import type { SeriesCycle } from './series-cycle.js';
import type { Transition } from './types.js';

/**
 * Writes every per-rule transition to the alert table (notified when its series, or its notice, was
 * told), the series states, and replaces the evaluated watchlists' rule skips.
 */
export async function recordAlerts(
  stores: Pick<AlertCycleRepositories, 'alerts' | 'ruleSkips' | 'seriesStates'>,
  transitions: readonly Transition[],
  series: Pick<SeriesCycle, 'told' | 'saves' | 'deletes'>,
  skips: readonly SkipOutcome[],
  evaluatedWatchlists: readonly string[],
  now: number,
): Promise<void> {
  const told = (watchlist: string, subject: string) => series.told.has(seriesStateKey(watchlist, subject));
  for (const transition of transitions) {
    switch (transition.type) {
      case 'firing': {
        const { alert } = transition;
        // A notice is told once, when first seen; a series' alerts when its movement is told.
        const notified = alert.rule === NOTICE_RULE || told(alert.watchlistId, alert.subject);
        await stores.alerts.recordFiring(alert, now, notified);
        break;
      }
      case 'unchanged':
        await stores.alerts.recordStillFiring(
          transition.alert,
          now,
          told(transition.alert.watchlistId, transition.alert.subject),
        );
        break;
      case 'resolved':
        await stores.alerts.recordResolved(
          transition.alert,
          { ...transition.alert.detail, resolution: transition.resolution },
          now,
          told(transition.alert.watchlist, transition.alert.subject),
        );
        break;
      case 'closed':
        await stores.alerts.recordResolved(
          transition.alert,
          {
            ...transition.alert.detail,
            closedBecause: transition.because,
            ...(transition.replacedBy ? { replacedBy: transition.replacedBy } : {}),
          },
          now,
          false,
        );
        break;
    }
  }
  for (const state of series.saves) await stores.seriesStates.save(state);
  for (const { watchlist, subject } of series.deletes) await stores.seriesStates.delete(watchlist, subject);
  await stores.ruleSkips.replace(
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

import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { type SkipOutcome, seriesStateKey } from '../model/alert.js';
import type { Platform } from '../model/chat.js';
import type { Watchlist } from '../model/watchlist.js';
import type { SeriesEntry } from '../render/alert-digest.js';
import { AdapterStage } from './adapter-stage.js';
import { outboxMessagesFor } from './enqueue.js';
import { evaluateWatchlists } from './evaluate-watchlists.js';
import { FailingChannelStage } from './failing-channel-stage.js';
import { groupByChannel } from './group.js';
import { alertGroup, decideTransitions } from './lifecycle.js';
import { MuteStage } from './mute-stage.js';
import type { AlertCycleRepositories, AlertCycleStorage } from './ports.js';
import { recordAlerts } from './record-alerts.js';
import { digestItems, routeToChannels } from './route.js';
import { runSeriesCycle } from './series-cycle.js';
import type { SeriesTransition } from './series-lifecycle.js';
import { MultiStage, type StageWarning } from './stage.js';
import type { TransitionType } from './types.js';

export interface AlertCycleOptions {
  storage: AlertCycleStorage;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  watchlists: readonly Watchlist[];
  /**
   * The chat platforms the service is configured for, asked at each cycle; alerts for channels on
   * others are held back. No adapter needs to be running: messages are rendered when sent.
   */
  platforms: () => ReadonlySet<Platform>;
}

export interface CycleReport {
  at: number;
  watchlists: number;
  /** Per-rule transitions of the alert table. */
  transitions: Record<TransitionType, number>;
  /** Per-series transitions; enter, change, recover, remind and revised are told. */
  series: Record<SeriesTransition, number>;
  skipped: number;
  /** (channel, item) pairs told this cycle, before stages held some back. */
  notifications: number;
  /** Notifications held back, by stage: muted, failing-channel, no-adapter. */
  held: Record<string, number>;
  /** Channels that get a digest. */
  digests: number;
  /** Outbox messages written: one per digest (split for a platform's limits only when sent). */
  enqueued: number;
}

/** The alerts metric keeps its labels: a told movement or a new notice is firing, a reminder repeat, a recovery resolved. */
type MetricState = 'firing' | 'repeat' | 'resolved';
const METRIC_STATE: Record<'notice' | SeriesEntry['transition'], MetricState> = {
  notice: 'firing',
  enter: 'firing',
  change: 'firing',
  revised: 'firing',
  remind: 'repeat',
  recover: 'resolved',
};

/**
 * One evaluation cycle, as stages: evaluate (rules, per-rule lifecycle, per-series state machine) →
 * record → route → hold back (muted, failing channel, platform not configured) → group → enqueue.
 * It holds the `alert-cycle` lock and writes in ONE transaction, so the alert state and the
 * platform-neutral messages that announce it are stored together or not at all; two processes
 * evaluating at once take turns and the second sees nothing new. Nothing is rendered or drawn here:
 * the outbox sender has each platform's adapter render a digest, and draws its charts, when it sends.
 * What the cycle noticed is logged, and counted, only once that transaction has committed.
 */
export class AlertCycle {
  constructor(private readonly options: AlertCycleOptions) {}

  async run(): Promise<CycleReport> {
    const { storage, clock } = this.options;
    const now = clock.now();
    const logger = this.options.logger.child({ cycle: new Date(now).toISOString() });
    const { report, told, warnings } = await storage.withLock('alert-cycle', () =>
      storage.transaction((repositories) => this.evaluate(repositories, now)),
    );
    for (const warning of warnings) logger.warn(warning.details, warning.message);
    for (const { watchlist, state } of told) this.options.metrics.alerts.inc({ watchlist, state });
    logger.info(
      report,
      `alert cycle: ${told.length} movements and notices, ${report.enqueued} messages queued`,
    );
    return report;
  }

  /** The cycle's work inside its transaction: reads, decisions and writes only, safe to run again. */
  private async evaluate(repositories: AlertCycleRepositories, now: number) {
    const { watchlists, platforms } = this.options;
    const warnings: StageWarning[] = [];
    const warn = (details: Record<string, unknown>, message: string) => warnings.push({ details, message });
    const firing = await repositories.alerts.active();
    // A clear outcome only matters to an alert that is firing (it resolves it): the others are
    // dropped as they come, or 4,000 watchlists' "all fine" sentences (~1.4 KB each) pile up.
    const resolvable = new Set(firing.map((alert) => alertGroup(alert.watchlist, alert.rule, alert.subject)));
    const alerting = new Set(firing.map((alert) => seriesStateKey(alert.watchlist, alert.subject)));
    const { outcomes, snapshots } = await evaluateWatchlists(
      watchlists,
      { trade: repositories.tradeHistory, notices: repositories.notices },
      now,
      (outcome) =>
        outcome.outcome !== 'clear' ||
        resolvable.has(alertGroup(outcome.watchlistId, outcome.rule, outcome.subject)),
      (watchlist, subject) => alerting.has(seriesStateKey(watchlist, subject)),
    );
    // Every alert the rules fired that is not firing now may be stored (an event seen before, a
    // condition that resolved): read them in one go, so deciding stays pure.
    const firingKeys = new Set(firing.map((alert) => alert.dedupKey));
    const stored = await repositories.alerts.getMany([
      ...new Set(
        outcomes.flatMap((outcome) =>
          outcome.outcome === 'fire' && !firingKeys.has(outcome.alert.dedupKey)
            ? [outcome.alert.dedupKey]
            : [],
        ),
      ),
    ]);
    const transitions = decideTransitions({
      outcomes,
      watchlists: new Set(watchlists.map((watchlist) => watchlist.id)),
      firing,
      lookup: (key) => stored.get(key),
    });
    const series = runSeriesCycle({
      watchlists,
      outcomes,
      snapshots,
      transitions,
      firing,
      states: await repositories.seriesStates.all(),
      now,
    });
    const skips = outcomes.filter((outcome): outcome is SkipOutcome => outcome.outcome === 'skip');
    await recordAlerts(
      repositories,
      transitions,
      series,
      skips,
      watchlists.map((watchlist) => watchlist.id),
      now,
    );
    const items = digestItems(series.entries, transitions);
    const notifications = await routeToChannels(items, repositories.subscriptions);
    const stages = new MultiStage([
      new MuteStage(repositories.mutes),
      new FailingChannelStage(repositories.subscriptions),
      new AdapterStage(platforms),
    ]);
    const { passed, held } = await stages.run(notifications, { now, warn });
    const digests = groupByChannel(passed, now);
    const enqueued = await repositories.outbox.enqueue(outboxMessagesFor(digests), now);
    const counts = { firing: 0, unchanged: 0, resolved: 0, closed: 0 } as Record<TransitionType, number>;
    for (const transition of transitions) counts[transition.type]++;
    return {
      report: {
        at: now,
        watchlists: watchlists.length,
        transitions: counts,
        series: series.counts,
        skipped: skips.length,
        notifications: notifications.length,
        held,
        digests: digests.length,
        enqueued,
      } satisfies CycleReport,
      told: items.map((item) => ({
        watchlist: item.watchlistId,
        state: METRIC_STATE[item.kind === 'series' ? item.transition : item.kind],
      })),
      warnings,
    };
  }
}

import type { ChatAdapter } from '../../adapters/chat-adapter.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { type SkipOutcome, seriesStateKey } from '../model/alert.js';
import type { Platform } from '../model/chat.js';
import type { Watchlist } from '../model/watchlist.js';
import type { ChartRef, SeriesEntry } from '../render/alert-digest.js';
import type { ReplyImage } from '../render/reply.js';
import { watchlistChart } from '../render/watchlist-chart.js';
import { AlertStore } from '../store/alerts.js';
import type { Db } from '../store/db.js';
import type { MuteStore } from '../store/mutes.js';
import { NoticeStore } from '../store/notices.js';
import { OutboxStore } from '../store/outbox.js';
import { RuleSkipStore } from '../store/rule-skips.js';
import { SeriesStateStore } from '../store/series-states.js';
import type { SubscriptionStore } from '../store/subscriptions.js';
import { TradeHistoryStore } from '../store/trade-history.js';
import { AdapterStage } from './adapter-stage.js';
import { attachCharts } from './attach-charts.js';
import { outboxMessagesFor } from './enqueue.js';
import { evaluateWatchlists } from './evaluate-watchlists.js';
import { FailingChannelStage } from './failing-channel-stage.js';
import { groupByChannel } from './group.js';
import { alertGroup, decideTransitions } from './lifecycle.js';
import { MuteStage } from './mute-stage.js';
import { recordAlerts } from './record-alerts.js';
import { digestItems, routeToChannels } from './route.js';
import { runSeriesCycle } from './series-cycle.js';
import type { SeriesTransition } from './series-lifecycle.js';
import { MultiStage } from './stage.js';
import type { TransitionType } from './types.js';

/** Months an alert's chart shows: the default of `/ree chart`. */
const ALERT_CHART_MONTHS = 24;

export interface AlertCycleOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  watchlists: readonly Watchlist[];
  subscriptions: SubscriptionStore;
  mutes: MuteStore;
  /** The chat adapters by platform; read at each cycle, so adapters started later are used. */
  adapters: ReadonlyMap<Platform, ChatAdapter>;
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
  /** Outbox rows written (a digest split for a platform's length limit is several rows). */
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
 * One evaluation cycle: rules → per-rule lifecycle → per-series state machine → route → mute /
 * failing channel / adapter → group → outbox. Everything happens in ONE immediate SQLite
 * transaction, so the alert state and the messages that announce it are stored together or not at
 * all, before any network call; two processes evaluating at once are serialised and the second sees
 * nothing new.
 */
export class AlertCycle {
  private readonly alerts: AlertStore;
  private readonly ruleSkips: RuleSkipStore;
  private readonly seriesStates: SeriesStateStore;
  private readonly outbox: OutboxStore;
  private readonly trade: TradeHistoryStore;
  private readonly notices: NoticeStore;
  private readonly stages: MultiStage;

  constructor(private readonly options: AlertCycleOptions) {
    this.alerts = new AlertStore(options.db);
    this.ruleSkips = new RuleSkipStore(options.db);
    this.seriesStates = new SeriesStateStore(options.db);
    this.outbox = new OutboxStore(options.db);
    this.trade = new TradeHistoryStore(options.db);
    this.notices = new NoticeStore(options.db);
    this.stages = new MultiStage([
      new MuteStage(options.mutes),
      new FailingChannelStage(options.subscriptions),
      new AdapterStage(options.adapters),
    ]);
  }

  run(): CycleReport {
    const { db, clock, watchlists, adapters } = this.options;
    if (adapters.size === 0)
      throw new Error('no chat adapter is running: start the chat adapters before evaluating alerts');
    const now = clock.now();
    const logger = this.options.logger.child({ cycle: new Date(now).toISOString() });
    const { report, told } = db
      .transaction(() => {
        const firing = this.alerts.active();
        // A clear outcome only matters to an alert that is firing (it resolves it): the others are
        // dropped as they come, or 4,000 watchlists' "all fine" sentences (~1.4 KB each) pile up.
        const resolvable = new Set(
          firing.map((alert) => alertGroup(alert.watchlist, alert.rule, alert.subject)),
        );
        const alerting = new Set(firing.map((alert) => seriesStateKey(alert.watchlist, alert.subject)));
        const { outcomes, snapshots } = evaluateWatchlists(
          watchlists,
          { trade: this.trade, notices: this.notices },
          now,
          (outcome) =>
            outcome.outcome !== 'clear' ||
            resolvable.has(alertGroup(outcome.watchlistId, outcome.rule, outcome.subject)),
          (watchlist, subject) => alerting.has(seriesStateKey(watchlist, subject)),
        );
        const transitions = decideTransitions({
          outcomes,
          watchlists: new Set(watchlists.map((watchlist) => watchlist.id)),
          firing,
          lookup: (key) => this.alerts.get(key),
        });
        const series = runSeriesCycle({
          watchlists,
          outcomes,
          snapshots,
          transitions,
          firing,
          states: this.seriesStates.all(),
          now,
        });
        const skips = outcomes.filter((outcome): outcome is SkipOutcome => outcome.outcome === 'skip');
        recordAlerts(
          { alerts: this.alerts, ruleSkips: this.ruleSkips, seriesStates: this.seriesStates },
          transitions,
          series,
          skips,
          watchlists.map((watchlist) => watchlist.id),
          now,
        );
        const items = digestItems(series.entries, transitions);
        const notifications = routeToChannels(items, this.options.subscriptions);
        const { passed, held } = this.stages.run(notifications, { now, logger });
        const digests = attachCharts(groupByChannel(passed, now), {
          adapters,
          draw: (ref) => this.drawChart(ref),
          logger,
        });
        const enqueued = this.outbox.enqueue(outboxMessagesFor(digests, adapters), now);
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
        };
      })
      .immediate();
    for (const { watchlist, state } of told) this.options.metrics.alerts.inc({ watchlist, state });
    logger.info(
      report,
      `alert cycle: ${told.length} movements and notices, ${report.enqueued} messages queued`,
    );
    return report;
  }

  /** The chart `/ree chart` draws for the series, with the alert just recorded circled. */
  private drawChart(ref: ChartRef): ReplyImage | undefined {
    const watchlist = this.options.watchlists.find((candidate) => candidate.id === ref.watchlistId);
    if (watchlist?.kind !== 'trade') return undefined;
    return watchlistChart(
      watchlist,
      { tradeHistory: this.trade, alerts: this.alerts },
      ALERT_CHART_MONTHS,
      ref.hs,
    )?.image;
  }
}

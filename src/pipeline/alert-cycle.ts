import type { ChatAdapter, Platform } from '../../adapters/chat-adapter.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { ChartRef } from '../render/alert-digest.js';
import type { ReplyImage } from '../render/reply.js';
import { watchlistChart } from '../render/watchlist-chart.js';
import type { SkipOutcome } from '../rules/types.js';
import { AlertStore } from '../store/alerts.js';
import type { Db } from '../store/db.js';
import type { MuteStore } from '../store/mutes.js';
import { NoticeStore } from '../store/notices.js';
import { OutboxStore } from '../store/outbox.js';
import { RuleSkipStore } from '../store/rule-skips.js';
import type { SubscriptionStore } from '../store/subscriptions.js';
import { TradeHistoryStore } from '../store/trade-history.js';
import type { Watchlist } from '../watchlists/types.js';
import { AdapterStage } from './adapter-stage.js';
import { attachCharts } from './attach-charts.js';
import { outboxMessagesFor } from './enqueue.js';
import { evaluateWatchlists } from './evaluate-watchlists.js';
import { FailingChannelStage } from './failing-channel-stage.js';
import { groupByChannel } from './group.js';
import { alertGroup, decideTransitions } from './lifecycle.js';
import { MuteStage } from './mute-stage.js';
import { recordAlerts } from './record-alerts.js';
import { routeToChannels } from './route.js';
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
  transitions: Record<TransitionType, number>;
  skipped: number;
  /** (channel, alert) pairs told this cycle, before stages held some back. */
  notifications: number;
  /** Notifications held back, by stage: muted, failing-channel, no-adapter. */
  held: Record<string, number>;
  /** Channels that get a digest. */
  digests: number;
  /** Outbox rows written (a digest split for a platform's length limit is several rows). */
  enqueued: number;
}

/**
 * One evaluation cycle: rules → lifecycle → route → mute / failing channel / adapter → group → outbox.
 * Everything happens in ONE immediate SQLite transaction, so the alert state and the messages that
 * announce it are stored together or not at all, before any network call; two processes evaluating
 * at once are serialised and the second sees nothing new.
 */
export class AlertCycle {
  private readonly alerts: AlertStore;
  private readonly ruleSkips: RuleSkipStore;
  private readonly outbox: OutboxStore;
  private readonly trade: TradeHistoryStore;
  private readonly notices: NoticeStore;
  private readonly stages: MultiStage;

  constructor(private readonly options: AlertCycleOptions) {
    this.alerts = new AlertStore(options.db);
    this.ruleSkips = new RuleSkipStore(options.db);
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
        const outcomes = evaluateWatchlists(
          watchlists,
          { trade: this.trade, notices: this.notices },
          now,
          (outcome) =>
            outcome.outcome !== 'clear' ||
            resolvable.has(alertGroup(outcome.watchlistId, outcome.rule, outcome.subject)),
        );
        const transitions = decideTransitions({
          outcomes,
          repeatIntervalMs: new Map(
            watchlists.map((watchlist) => [watchlist.id, watchlist.repeatIntervalMs]),
          ),
          firing,
          lookup: (key) => this.alerts.get(key),
          now,
        });
        const skips = outcomes.filter((outcome): outcome is SkipOutcome => outcome.outcome === 'skip');
        recordAlerts(
          { alerts: this.alerts, ruleSkips: this.ruleSkips },
          transitions,
          skips,
          watchlists.map((watchlist) => watchlist.id),
          now,
        );
        const notifications = routeToChannels(transitions, watchlists, this.options.subscriptions);
        const { passed, held } = this.stages.run(notifications, { now, logger });
        const digests = attachCharts(groupByChannel(passed, now), {
          adapters,
          draw: (ref) => this.drawChart(ref),
          logger,
        });
        const enqueued = this.outbox.enqueue(outboxMessagesFor(digests, adapters), now);
        const counts = { firing: 0, repeat: 0, unchanged: 0, resolved: 0, closed: 0 } as Record<
          TransitionType,
          number
        >;
        for (const transition of transitions) counts[transition.type]++;
        return {
          report: {
            at: now,
            watchlists: watchlists.length,
            transitions: counts,
            skipped: skips.length,
            notifications: notifications.length,
            held,
            digests: digests.length,
            enqueued,
          } satisfies CycleReport,
          told: transitions.flatMap(
            (transition): { watchlist: string; state: 'firing' | 'repeat' | 'resolved' }[] =>
              transition.type === 'firing' || transition.type === 'repeat'
                ? [{ watchlist: transition.alert.watchlistId, state: transition.type }]
                : transition.type === 'resolved'
                  ? [{ watchlist: transition.alert.watchlist, state: 'resolved' }]
                  : [],
          ),
        };
      })
      .immediate();
    for (const { watchlist, state } of told) this.options.metrics.alerts.inc({ watchlist, state });
    logger.info(report, `alert cycle: ${told.length} alert changes, ${report.enqueued} messages queued`);
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

import type { AlertCandidate, AlertDetail, RuleSkip, SeriesState, StoredAlert } from '../model/alert.js';
import type { ChannelHealth, ChannelRef, OutgoingPayload, Subscription } from '../model/chat.js';
import type { ExpiredMessage, NewOutboxMessage, OutboxHead, OutboxMessage } from '../model/delivery.js';
import type { Notice, NoticeUpsert, StoredNotice } from '../model/notice.js';
import type { SourceHealth } from '../model/source.js';
import type {
  Observation,
  RecentMonths,
  SeriesHistory,
  SeriesKey,
  SeriesSummary,
  SeriesUpsert,
  StoredSeries,
  TradeRoute,
} from '../model/trade.js';
import type { TradeWatchlist } from '../model/watchlist.js';
import type { ReleaseMarkers, RequestLog, ValidatorCache } from '../sources/ports.js';

// What the pipeline needs of the store, declared here and implemented by src/store/ (checked where
// app.ts wires the Storage in). Every method is a Promise.

/** A unit of work that is all stored or not at all; `fn` may be run again (see Storage.transaction). */
export interface Transactional<R> {
  /** `lock`: a named lock held for the transaction (see Storage.transaction). */
  transaction<T>(fn: (repositories: R) => Promise<T>, options?: { lock?: string }): Promise<T>;
}

/** A lock one holder has at a time across every process on the database (see Storage.withLock). */
export interface Lockable {
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
}

/** The health record of each source, which the poll writes and `/healthz` reads. */
export interface SourceHealthLedger {
  get(source: string): Promise<SourceHealth | undefined>;
  recordSuccess(source: string, at: number, stored: number, nextAttemptAt?: number | null): Promise<void>;
  recordFailure(source: string, at: number, error: string, nextAttemptAt?: number | null): Promise<void>;
}

/** What a poll stores and reads, beside the sources' own bookkeeping. */
export interface IngestRepositories {
  observations: {
    upsert(observations: readonly Observation[]): Promise<SeriesUpsert[]>;
    summaries(keys: readonly SeriesKey[]): Promise<SeriesSummary[]>;
  };
  notices: { upsert(notices: readonly Notice[], at: number): Promise<NoticeUpsert> };
  tradeCoverage: {
    recordPublished(
      source: string,
      reporter: string,
      periods: ReadonlyMap<string, string>,
      at: number,
    ): Promise<void>;
    recordAnswered(
      route: TradeRoute,
      answered: readonly { period: string; hs: readonly string[] }[],
      at: number,
    ): Promise<void>;
    recordBackfill(source: string, done: number, total: number, at: number): Promise<void>;
  };
  sourceHealth: SourceHealthLedger;
  httpCache: ValidatorCache;
  httpRequests: RequestLog;
  sourceReleases: ReleaseMarkers;
}

export interface IngestStorage extends IngestRepositories, Transactional<IngestRepositories>, Lockable {
  /** Whether two transactions make progress at once (see Storage.concurrentTransactions). */
  readonly concurrentTransactions: boolean;
  /** Told the rows a poll stored (see Storage.refreshStatistics). */
  refreshStatistics(rowsLoaded: number): Promise<void>;
}

/** The months of a trade watchlist's series, as the rules and the charts read them. */
export interface TradeHistoryReader {
  historiesFor(watchlist: TradeWatchlist, revisionsSince: number): Promise<SeriesHistory[]>;
  seriesOf(watchlist: TradeWatchlist): Promise<StoredSeries[]>;
  recentMonths(series: StoredSeries, months: number): Promise<RecentMonths>;
}

/** What one alert cycle reads and writes, all in one transaction. */
export interface AlertCycleRepositories {
  alerts: {
    getMany(dedupKeys: readonly string[]): Promise<Map<string, StoredAlert>>;
    active(): Promise<StoredAlert[]>;
    recent(watchlist: string, limit?: number): Promise<StoredAlert[]>;
    recordFiring(candidate: AlertCandidate, at: number, notified?: boolean): Promise<void>;
    recordStillFiring(candidate: AlertCandidate, at: number, notified: boolean): Promise<void>;
    recordResolved(alert: StoredAlert, detail: AlertDetail, at: number, notified: boolean): Promise<void>;
  };
  ruleSkips: {
    replace(watchlists: readonly string[], skips: readonly Omit<RuleSkip, 'at'>[], at: number): Promise<void>;
  };
  seriesStates: {
    all(): Promise<Map<string, SeriesState>>;
    save(state: SeriesState): Promise<void>;
    delete(watchlist: string, subject: string): Promise<void>;
  };
  tradeHistory: TradeHistoryReader;
  notices: { since(source: string, since: number, feed?: string): Promise<StoredNotice[]> };
  subscriptions: Pick<DeliveryChannels, 'channelsFor' | 'channelHealth'>;
  mutes: { mutedUntil(ref: ChannelRef, watchlist: string, now: number): Promise<number | undefined> };
  outbox: { enqueue(messages: readonly NewOutboxMessage[], at: number): Promise<number> };
}

export interface AlertCycleStorage extends Transactional<AlertCycleRepositories>, Lockable {}

/** The channels' side of delivery: who follows what, and which channels can no longer be posted to. */
export interface DeliveryChannels {
  channelsFor(watchlist: string): Promise<Subscription[]>;
  channelHealth(ref: ChannelRef): Promise<ChannelHealth | undefined>;
  markChannel(ref: ChannelRef, status: 'ok' | 'failing', reason: string | null, at: number): Promise<void>;
}

/** The posting limits' shared state (table rate_slots): one slot per scope, taken by one upsert a send. */
export interface RateSlots {
  reserve(slots: readonly { scope: string; intervalMs: number }[], now: number): Promise<number>;
  block(scopes: readonly string[], until: number): Promise<void>;
}

/** The outbox as the sender drains it. */
export interface OutboxQueue {
  heads(): Promise<OutboxHead[]>;
  claim(id: number, owner: string, until: number, now: number): Promise<OutboxMessage | undefined>;
  /** Leases those of `ids` still pending, due and unleased, in one statement; the rest are someone else's. */
  claimBatch(ids: readonly number[], owner: string, until: number, now: number): Promise<OutboxMessage[]>;
  markDelivered(id: number, owner: string, at: number, externalId: string | undefined): Promise<boolean>;
  retryLater(
    id: number,
    owner: string,
    at: number,
    notBefore: number,
    outcome: 'rate-limited' | 'transient',
    error: string,
  ): Promise<boolean>;
  markFailed(id: number, owner: string, at: number, error: string): Promise<boolean>;
  /** One part of a message was delivered: it stays pending with what is left to send as its payload. */
  advance(id: number, owner: string, at: number, payload: OutgoingPayload): Promise<boolean>;
  failChannel(ref: ChannelRef, at: number, error: string): Promise<number>;
  expire(now: number, maxAgeMs: number, maxAgeText: string): Promise<ExpiredMessage[]>;
}

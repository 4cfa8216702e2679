import type { MigrationResult } from './migrations/index.js';
import { AlertRepository } from './repositories/alerts.js';
import { DeliveryStatusRepository } from './repositories/delivery-status.js';
import { HttpCacheRepository } from './repositories/http-cache.js';
import { HttpRequestRepository, type PruneMark } from './repositories/http-requests.js';
import { JobRunRepository } from './repositories/job-runs.js';
import { MuteRepository } from './repositories/mutes.js';
import { NoticeRepository } from './repositories/notices.js';
import { ObservationRepository } from './repositories/observations.js';
import { OutboxRepository } from './repositories/outbox.js';
import { RateSlotRepository } from './repositories/rate-slots.js';
import { RuleSkipRepository } from './repositories/rule-skips.js';
import { SeriesIds } from './repositories/series-ids.js';
import { SeriesStateRepository } from './repositories/series-states.js';
import { SourceHealthRepository } from './repositories/source-health.js';
import { SourceReleaseRepository } from './repositories/source-releases.js';
import { SubscriptionRepository } from './repositories/subscriptions.js';
import { TradeCoverageRepository } from './repositories/trade-coverage.js';
import { TradeHistoryRepository } from './repositories/trade-history.js';
import type { Dialect, Driver, Sql } from './sql.js';

/** Every table group's repository, bound to the database or to one transaction. */
export interface Repositories {
  readonly observations: ObservationRepository;
  readonly tradeHistory: TradeHistoryRepository;
  readonly tradeCoverage: TradeCoverageRepository;
  readonly notices: NoticeRepository;
  readonly alerts: AlertRepository;
  readonly seriesStates: SeriesStateRepository;
  readonly ruleSkips: RuleSkipRepository;
  readonly subscriptions: SubscriptionRepository;
  readonly mutes: MuteRepository;
  readonly outbox: OutboxRepository;
  readonly rateSlots: RateSlotRepository;
  readonly deliveryStatus: DeliveryStatusRepository;
  readonly sourceHealth: SourceHealthRepository;
  readonly jobRuns: JobRunRepository;
  readonly httpCache: HttpCacheRepository;
  readonly httpRequests: HttpRequestRepository;
  readonly sourceReleases: SourceReleaseRepository;
}

export interface TransactionOptions {
  /** A named lock held from the transaction's start to its end (see `withLock`). */
  lock?: string;
}

/**
 * The one object the rest of the program gets from the store: the repositories, each method a
 * Promise, plus transactions and locks. Nothing outside store/ sees a database handle or SQL.
 *
 * `transaction(fn)` runs `fn` with the same repositories bound to one transaction: committed when
 * it resolves, rolled back when it throws. `fn` must be safe to run more than once: a driver may run
 * it again from the start when the connection was lost before COMMIT (PostgreSQL does). So only
 * database work and pure computation go inside; no network calls, and nothing is logged, counted or
 * told as an outcome until the transaction has resolved.
 *
 * `withLock(name, fn)` runs `fn` while holding the named lock, which one holder has at a time across
 * every process sharing the database; a holder that dies loses it. `transaction(fn, { lock })` holds
 * that same lock for the transaction only, taken inside it (on SQLite every transaction is alone).
 */
export interface Storage extends Repositories {
  readonly dialect: Dialect;
  /**
   * Whether two transactions make progress at once (PostgreSQL), or take turns (SQLite: one writer,
   * BEGIN IMMEDIATE): worth overlapping two units of work only where they do.
   */
  readonly concurrentTransactions: boolean;
  /** Which database, for logs and `check-config`: never a password. */
  readonly description: string;
  /** What opening did to the schema. */
  readonly migration: MigrationResult;
  transaction<T>(fn: (repositories: Repositories) => Promise<T>, options?: TransactionOptions): Promise<T>;
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /** Resolves when the database answers, throws a StoreError when it cannot. */
  ping(): Promise<void>;
  /**
   * Told how many rows a poll or an import just stored: from 10,000, the database's query planner
   * is told that the tables grew. On PostgreSQL, whose autovacuum analyses them a minute or more
   * later, reading a watchlist's months from a freshly loaded table took 17 ms instead of 0.9 ms.
   */
  refreshStatistics(rowsLoaded: number): Promise<void>;
  close(): Promise<void>;
}

/** What repositories of one storage share across its transactions: caches that outlive a statement. */
interface Shared {
  seriesIds: SeriesIds;
  pruned: PruneMark;
}

/** The repositories over one `Sql` (the database, or a transaction), made as they are first used. */
class BoundRepositories implements Repositories {
  private readonly made = new Map<keyof Repositories, unknown>();

  constructor(
    private readonly sql: Sql,
    private readonly shared: Shared,
  ) {}

  private once<K extends keyof Repositories>(name: K, make: () => Repositories[K]): Repositories[K] {
    let repository = this.made.get(name) as Repositories[K] | undefined;
    if (!repository) {
      repository = make();
      this.made.set(name, repository);
    }
    return repository;
  }

  get observations() {
    return this.once('observations', () => new ObservationRepository(this.sql, this.shared.seriesIds));
  }
  get tradeHistory() {
    return this.once('tradeHistory', () => new TradeHistoryRepository(this.sql));
  }
  get tradeCoverage() {
    return this.once('tradeCoverage', () => new TradeCoverageRepository(this.sql));
  }
  get notices() {
    return this.once('notices', () => new NoticeRepository(this.sql));
  }
  get alerts() {
    return this.once('alerts', () => new AlertRepository(this.sql));
  }
  get seriesStates() {
    return this.once('seriesStates', () => new SeriesStateRepository(this.sql));
  }
  get ruleSkips() {
    return this.once('ruleSkips', () => new RuleSkipRepository(this.sql));
  }
  get subscriptions() {
    return this.once('subscriptions', () => new SubscriptionRepository(this.sql));
  }
  get mutes() {
    return this.once('mutes', () => new MuteRepository(this.sql));
  }
  get outbox() {
    return this.once('outbox', () => new OutboxRepository(this.sql));
  }
  get rateSlots() {
    return this.once('rateSlots', () => new RateSlotRepository(this.sql));
  }
  get deliveryStatus() {
    return this.once('deliveryStatus', () => new DeliveryStatusRepository(this.sql));
  }
  get sourceHealth() {
    return this.once('sourceHealth', () => new SourceHealthRepository(this.sql));
  }
  get jobRuns() {
    return this.once('jobRuns', () => new JobRunRepository(this.sql));
  }
  get httpCache() {
    return this.once('httpCache', () => new HttpCacheRepository(this.sql));
  }
  get httpRequests() {
    return this.once('httpRequests', () => new HttpRequestRepository(this.sql, this.shared.pruned));
  }
  get sourceReleases() {
    return this.once('sourceReleases', () => new SourceReleaseRepository(this.sql));
  }
}

class DriverStorage extends BoundRepositories implements Storage {
  readonly dialect: Dialect;
  readonly description: string;
  readonly concurrentTransactions: boolean;

  constructor(
    private readonly driver: Driver,
    private readonly root: Shared,
    readonly migration: MigrationResult,
  ) {
    super(driver.sql, root);
    this.dialect = driver.dialect;
    this.description = driver.description;
    this.concurrentTransactions = driver.dialect === 'postgres';
  }

  async transaction<T>(
    fn: (repositories: Repositories) => Promise<T>,
    options: TransactionOptions = {},
  ): Promise<T> {
    let seriesIds = this.root.seriesIds;
    const result = await this.driver.sql.transaction(async (tx) => {
      if (options.lock !== undefined) await this.driver.lockTransaction(tx, options.lock);
      // A fresh layer each time the driver runs `fn`: only the committed run's ids are kept.
      seriesIds = this.root.seriesIds.layer();
      return fn(new BoundRepositories(tx, { ...this.root, seriesIds }));
    });
    seriesIds.keep();
    return result;
  }

  withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return this.driver.withLock(name, fn);
  }

  ping(): Promise<void> {
    return this.driver.ping();
  }

  async refreshStatistics(rowsLoaded: number): Promise<void> {
    if (rowsLoaded >= BULK_LOAD_ROWS) await this.driver.refreshStatistics();
  }

  close(): Promise<void> {
    return this.driver.close();
  }
}

/** Rows stored at once from which the planner's statistics are refreshed. */
const BULK_LOAD_ROWS = 10_000;

/** The Storage over a driver: what `openStorage` returns, and what tests build over a driver of their own. */
export function createStorage(driver: Driver, migration: MigrationResult): Storage {
  return new DriverStorage(driver, { seriesIds: new SeriesIds(), pruned: { at: 0 } }, migration);
}

import type { Readable, Writable } from 'node:stream';
import type { ChatAdapter, CommandHandler } from '../adapters/chat-adapter.js';
import { enabledChatProviders, enabledPlatforms } from '../adapters/registry.js';
import { type Clock, realSleep, type Sleep, systemClock } from './clock.js';
import type { CommandServices } from './commands/command.js';
import { createCommandRegistry } from './commands/index.js';
import type { CommandRegistry } from './commands/registry.js';
import { commandServices } from './commands/services.js';
import type { Config, ConfigError } from './config.js';
import { healthHandler, metricsHandler } from './http/health.js';
import { HttpServer } from './http/server.js';
import type { Logger } from './logger.js';
import { Metrics } from './metrics.js';
import type { ChatConnection, Platform } from './model/chat.js';
import { TRADE_SOURCES, type Watchlist } from './model/watchlist.js';
import { AlertCycle, type CycleReport } from './pipeline/alert-cycle.js';
import { alertChartDrawer } from './pipeline/attach-charts.js';
import { purgeOldMessages } from './pipeline/housekeeping.js';
import type { IngestOptions } from './pipeline/ingest.js';
import type { IngestReport } from './pipeline/ingest-report.js';
import { OutboxLoop } from './pipeline/outbox-loop.js';
import { type DrainReport, OutboxSender } from './pipeline/outbox-sender.js';
import { SharedRateLimits } from './pipeline/shared-rate-limits.js';
import { HeldLocks } from './replica.js';
import type { Job } from './scheduler/job.js';
import { Scheduler } from './scheduler/scheduler.js';
import { pollJobOf, serviceJobs } from './scheduler/service-jobs.js';
import { settleOnce } from './settle-once.js';
import { type SourceSchedule, sourceSchedules } from './sources/schedules.js';
import { openStorage } from './store/open-storage.js';
import type { Storage } from './store/storage.js';
import { VERSION } from './version.js';
import { loadWatchlists } from './watchlists/load.js';

export interface AppOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** Terminal streams for the console adapter; default to the process's. */
  stdin?: Readable;
  stdout?: Writable;
  /** Metrics registry; tests pass their own so runs do not share counters. */
  metrics?: Metrics;
  /** Chat adapters to use instead of the ones the config enables (tests pass fakes). */
  chatAdapters?: ChatAdapter[];
  /** How retries and budgets wait; tests pass a fake clock's sleep. */
  sleep?: Sleep;
  /** The database, opened already (tests pass one they also read directly); DATABASE_PATH by default. */
  storage?: Storage;
}

/** Everything a command, a poll or the service needs, built once from the config (`App.open`). */
export class App {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: Config;
  readonly metrics: Metrics;
  readonly registry: CommandRegistry;
  readonly sleep: Sleep;
  readonly watchlists: readonly Watchlist[];
  readonly startedAt: number;
  /** The running chat adapters by platform: the alert cycle renders with them, the sender sends with them. */
  readonly chatAdapters = new Map<Platform, ChatAdapter>();
  /** Evaluates watchlists and queues what channels must be told (see `evaluate`). */
  readonly alertCycle: AlertCycle;
  /** Drains the outbox: see `deliver()`. */
  readonly sender: OutboxSender;
  /** Runs the sender continuously while the service runs. */
  private readonly outboxLoop: OutboxLoop;
  /** The locks this replica holds now, for /healthz. */
  readonly heldLocks = new HeldLocks();
  private chatAdaptersStarted: Promise<void> | undefined;
  /** Settles when a chat platform refuses its token after start: the service must stop (exit 2). */
  readonly tokenRefused = settleOnce<ConfigError>();
  private scheduler: Scheduler | undefined;
  private http: HttpServer | undefined;
  private stopping: Promise<void> | undefined;

  /**
   * Loads the watchlists, then opens the database (bringing its schema up to date): a bad watchlist
   * file is a configuration error found before the database is touched.
   */
  static async open(options: AppOptions): Promise<App> {
    const watchlists = loadWatchlists(options.config.watchlistsFile);
    const storage =
      options.storage ??
      (await openStorage({
        databasePath: options.config.databasePath,
        databaseUrl: options.config.databaseUrl,
        databasePoolSize: options.config.databasePoolSize,
        logger: options.logger,
        clock: options.clock,
      }));
    return new App(options, watchlists, storage);
  }

  private constructor(
    private readonly options: AppOptions,
    watchlists: readonly Watchlist[],
    /** The database, through its repositories: the only way to it. */
    readonly storage: Storage,
  ) {
    this.config = options.config;
    this.logger = options.logger;
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? realSleep;
    this.startedAt = this.clock.now();
    this.metrics = options.metrics ?? new Metrics();
    this.watchlists = watchlists;
    const { migration } = storage;
    this.logger.info(
      {
        database: storage.description,
        schemaVersion: migration.version,
        migrated: migration.applied,
      },
      migration.applied.length > 0 ? 'database ready (migrated)' : 'database ready',
    );
    this.registry = createCommandRegistry();
    for (const adapter of options.chatAdapters ?? []) this.chatAdapters.set(adapter.platform, adapter);
    this.alertCycle = new AlertCycle({
      storage,
      clock: this.clock,
      logger: this.logger.child({ component: 'alerts' }),
      metrics: this.metrics,
      watchlists: this.watchlists,
      platforms: () => this.configuredPlatforms(),
    });
    this.sender = new OutboxSender({
      outbox: storage.outbox,
      subscriptions: storage.subscriptions,
      adapters: this.chatAdapters,
      clock: this.clock,
      logger: this.logger.child({ component: 'outbox' }),
      metrics: this.metrics,
      maxAgeMs: this.config.outboxMaxAgeMs,
      // Waiting for what becomes due (a split digest, its charts) uses the injected clock's sleep.
      sleep: this.sleep,
      drawChart: alertChartDrawer(this.watchlists, storage),
      // Replicas share the database, and with it the platforms' limits.
      sharedLimits: sharedByReplicas(storage) ? new SharedRateLimits(storage.rateSlots) : undefined,
    });
    this.outboxLoop = new OutboxLoop({ sender: this.sender, clock: this.clock, logger: this.logger });
    this.metrics.onScrape(async () => {
      for (const health of await storage.sourceHealth.list())
        this.metrics.sourceHealthy.set({ source: health.source }, health.healthy ? 1 : 0);
      this.metrics.outboxDepth.set(await storage.deliveryStatus.pendingCount());
    });
  }

  get services(): CommandServices {
    return commandServices(this.storage, {
      clock: this.clock,
      logger: this.logger,
      version: VERSION,
      store: this.storage.description,
      startedAt: this.startedAt,
      admins: this.config.admins,
      watchlists: this.watchlists,
      nextPollAt: (source) => this.nextPollAt(source),
      lastPolledBy: async (source) =>
        (await this.storage.jobRuns.get(pollJobOf(source, TRADE_SOURCES)))?.lastReplica ?? null,
    });
  }

  /** Answers one slash command; what every adapter calls. */
  readonly handleCommand: CommandHandler = async (invocation, syntax) => {
    const reply = await this.registry.dispatch(invocation, this.services, syntax);
    this.metrics.commands.inc({ platform: invocation.platform, command: this.registry.nameOf(invocation) });
    return reply;
  };

  /**
   * Evaluates every watchlist against the stored data and, in one transaction, records the alert
   * changes and queues one digest per channel in the outbox. Needs the chat adapters (to render);
   * sends nothing itself, but wakes the service's sender.
   */
  async evaluate(): Promise<CycleReport> {
    const report = await this.alertCycle.run();
    if (report.enqueued > 0) this.outboxLoop.wake();
    return report;
  }

  /**
   * Sends what the outbox has due now, within every platform's limits. With `waitUpToMs`, also waits
   * for what becomes due within that time (e.g. the second part of a split digest, 1 s later on
   * Slack); anything later stays queued for the service or the next run.
   */
  deliver(options: { waitUpToMs?: number } = {}): Promise<DrainReport> {
    return options.waitUpToMs ? this.sender.drainUntilQuiet(options.waitUpToMs) : this.sender.drainOnce();
  }

  /**
   * What follows every ingest (`ree-watch poll`, the scheduled poll jobs): evaluate, then deliver what
   * is due, waiting up to `waitUpToMs` for what becomes due soon. Starts output-only chat adapters
   * when none are running yet (a one-shot CLI run).
   */
  async evaluateAndDeliver(
    options: { waitUpToMs?: number } = {},
  ): Promise<{ cycle: CycleReport; delivery: DrainReport }> {
    await this.startChatAdapters({ interactive: false });
    const cycle = await this.evaluate();
    const delivery = await this.deliver(options);
    return { cycle, delivery };
  }

  /** The chat platforms alerts go to: the adapters given, else those the config enables (see adapters/registry.ts). */
  configuredPlatforms(): ReadonlySet<Platform> {
    if (this.options.chatAdapters)
      return new Set(this.options.chatAdapters.map((adapter) => adapter.platform));
    return enabledPlatforms(this.config);
  }

  /** Creates the chat adapters the config enables (unless given) and starts them; idempotent. */
  startChatAdapters(options: { interactive: boolean }): Promise<void> {
    this.chatAdaptersStarted ??= (async () => {
      if (this.chatAdapters.size === 0)
        for (const adapter of await this.createChatAdapters(options.interactive))
          this.chatAdapters.set(adapter.platform, adapter);
      for (const adapter of this.chatAdapters.values()) await adapter.start();
    })();
    return this.chatAdaptersStarted;
  }

  /** The adapters of every platform the config enables (the console when none is), from the registry. */
  private async createChatAdapters(interactive: boolean): Promise<ChatAdapter[]> {
    const deps = {
      config: this.config,
      logger: this.logger,
      clock: this.clock,
      metrics: this.metrics,
      onCommand: this.handleCommand,
      definition: (name: string) => this.registry.get(name),
      watchlists: this.watchlists,
      interactive,
      onTokenRefused: this.tokenRefused.settle,
      http: this.http,
      // Over the gateway, one replica at a time connects: the holder of a lock in the shared database.
      withLock: (name: string, fn: () => Promise<void>) => this.storage.withLock(name, fn),
      heldLocks: this.heldLocks,
      stdin: this.options.stdin ?? process.stdin,
      stdout: this.options.stdout ?? process.stdout,
    };
    const adapters: ChatAdapter[] = [];
    for (const provider of enabledChatProviders(this.config)) adapters.push(await provider.create(deps));
    return adapters;
  }

  /**
   * Fetches what the watchlists need from the sources and stores it (see src/pipeline/ingest.ts).
   * Loaded on first use so the HTML and feed parsers never slow down start-up.
   */
  async poll(options: IngestOptions = {}): Promise<IngestReport> {
    const { ingest } = await import('./pipeline/ingest.js');
    return ingest(this, options);
  }

  /** When each polled source runs: trade sources on POLL_CRON, notice sources on NOTICE_POLL_CRON. */
  sourceSchedules(): SourceSchedule[] {
    return sourceSchedules(this.watchlists, this.config);
  }

  /**
   * When a source's poll job runs next: live from the scheduler in the service, else as the last run
   * recorded it (a one-shot `ree-watch ask`).
   */
  async nextPollAt(source: string): Promise<number | null> {
    const job = pollJobOf(source, TRADE_SOURCES);
    const live = this.scheduler?.status().find((status) => status.name === job);
    // A run in progress (the first poll of a new install, say) is the poll to wait for: "polling now".
    if (live) return live.running ? this.clock.now() : live.nextRunAt;
    return (await this.storage.jobRuns.get(job))?.nextDueAt ?? null;
  }

  /** Deletes finished outbox messages older than OUTBOX_RETENTION (see pipeline/housekeeping.ts). */
  housekeeping(): Promise<{ messages: number; attempts: number }> {
    return purgeOldMessages({
      outbox: this.storage.outbox,
      clock: this.clock,
      logger: this.logger,
      retentionMs: this.config.outboxRetentionMs,
    });
  }

  /** The scheduled work of the service (see scheduler/service-jobs.ts). */
  jobs(): Job[] {
    return serviceJobs({
      pollCron: this.config.pollCron,
      noticePollCron: this.config.noticePollCron,
      poll: (options) => this.poll(options),
      evaluateAndDeliver: () => this.evaluateAndDeliver(),
      housekeeping: () => this.housekeeping(),
    });
  }

  /** Starts the HTTP server, the chat adapters and the scheduler. Resolves with the bound port. */
  async start(): Promise<{ port: number }> {
    // Replicas sharing a database are told apart on every series Prometheus scrapes.
    this.metrics.registry.setDefaultLabels({ replica: this.config.replicaId });
    const http = new HttpServer(this.logger);
    http.route(
      'GET',
      '/healthz',
      healthHandler({
        database: this.storage,
        sourceHealth: this.storage.sourceHealth,
        clock: this.clock,
        startedAt: this.startedAt,
        version: VERSION,
        schedules: () => this.sourceSchedules(),
        chat: () => this.chatConnections(),
        replica: { id: this.config.replicaId, locks: this.heldLocks },
      }),
    );
    http.route('GET', '/metrics', metricsHandler(this.metrics));
    this.http = http;

    // Listening first: /healthz answers (and tells how each chat platform stands) while they connect.
    const port = await http.listen(this.config.port, this.config.host);
    this.logger.info(
      { port, host: this.config.host },
      `HTTP server listening on ${this.config.host}:${port} (/healthz, /metrics)`,
    );
    await this.startChatAdapters({ interactive: true });
    http.ready();

    this.scheduler = new Scheduler({
      jobs: this.jobs(),
      timezone: this.config.cronTimezone,
      clock: this.clock,
      logger: this.logger,
      runs: this.storage.jobRuns,
      replica: {
        id: this.config.replicaId,
        locks: this.heldLocks,
        shared: sharedByReplicas(this.storage),
      },
    });
    await this.scheduler.start();
    this.outboxLoop.start();
    return { port };
  }

  /** Each chat platform's connection; a configured one whose adapter is still loading is "connecting". */
  private chatConnections(): ChatConnection[] {
    const configured = (['slack', 'discord'] as const).filter((platform) => this.config[platform]);
    const platforms = new Set<Platform>([...configured, ...this.chatAdapters.keys()]);
    return [...platforms].flatMap((platform): ChatConnection[] => {
      const adapter = this.chatAdapters.get(platform);
      if (!adapter) return [{ platform, state: 'connecting', since: this.startedAt }];
      return adapter.connection ? [adapter.connection()] : [];
    });
  }

  /** Stops scheduling, lets in-flight work finish, then closes adapters, HTTP and the database. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    this.logger.info('shutting down');
    // Both at once, so the whole shutdown fits well inside main.ts's 5 s hard limit: polls in flight
    // finish, and a send in flight is recorded; anything still queued is sent after a restart.
    await Promise.all([this.scheduler?.stop(2_500), this.outboxLoop.stop(2_500)]);
    for (const adapter of this.chatAdapters.values()) {
      try {
        await adapter.stop();
      } catch (error) {
        this.logger.warn({ err: error, platform: adapter.platform }, 'chat adapter did not stop cleanly');
      }
    }
    await this.http?.close();
    await this.storage.close();
    this.logger.info('stopped');
  }
}

/** Whether several replicas may run on this database (PostgreSQL); SQLite serves one service. */
const sharedByReplicas = (storage: Storage): boolean => storage.dialect === 'postgres';

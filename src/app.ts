import type { Readable, Writable } from 'node:stream';
import type { ChatAdapter, CommandHandler } from '../adapters/chat-adapter.js';
import { ConsoleAdapter } from '../adapters/console/console-adapter.js';
import { type Clock, systemClock } from './clock.js';
import type { CommandServices } from './commands/command.js';
import { createCommandRegistry } from './commands/index.js';
import type { CommandRegistry } from './commands/registry.js';
import type { Config } from './config.js';
import { healthHandler, metricsHandler } from './http/health.js';
import { HttpServer } from './http/server.js';
import type { Logger } from './logger.js';
import { Metrics } from './metrics.js';
import type { Job } from './scheduler/job.js';
import { Scheduler } from './scheduler/scheduler.js';
import { type Db, openDatabase } from './store/db.js';
import { JobRunStore } from './store/job-runs.js';
import { MuteStore } from './store/mutes.js';
import { SourceHealthStore } from './store/source-health.js';
import { SubscriptionStore } from './store/subscriptions.js';
import { VERSION } from './version.js';
import { loadWatchlists } from './watchlists/load.js';
import type { Watchlist } from './watchlists/types.js';

export interface AppOptions {
  config: Config;
  logger: Logger;
  clock?: Clock;
  /** Terminal streams for the console adapter; default to the process's. */
  stdin?: Readable;
  stdout?: Writable;
  /** Metrics registry; tests pass their own so runs do not share counters. */
  metrics?: Metrics;
}

/** Everything a command, a poll or the service needs, built once from the config. */
export class App {
  readonly clock: Clock;
  readonly logger: Logger;
  readonly config: Config;
  readonly db: Db;
  readonly metrics: Metrics;
  readonly registry: CommandRegistry;
  readonly sourceHealth: SourceHealthStore;
  readonly jobRuns: JobRunStore;
  readonly subscriptions: SubscriptionStore;
  readonly mutes: MuteStore;
  readonly watchlists: readonly Watchlist[];
  readonly startedAt: number;
  private readonly adapters: ChatAdapter[] = [];
  private scheduler: Scheduler | undefined;
  private http: HttpServer | undefined;
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: AppOptions) {
    this.config = options.config;
    this.logger = options.logger;
    this.clock = options.clock ?? systemClock;
    this.startedAt = this.clock.now();
    this.metrics = options.metrics ?? new Metrics();
    // Validate the watchlists before touching the database: a bad file is a configuration error.
    this.watchlists = loadWatchlists(this.config.watchlistsFile);
    const { db, migration } = openDatabase(this.config.databasePath, { clock: this.clock });
    this.db = db;
    this.logger.info(
      {
        database: this.config.databasePath === ':memory:' ? ':memory:' : this.config.databasePath,
        schemaVersion: migration.version,
        migrated: migration.applied,
      },
      migration.applied.length > 0 ? 'database ready (migrated)' : 'database ready',
    );
    this.sourceHealth = new SourceHealthStore(db);
    this.jobRuns = new JobRunStore(db);
    this.subscriptions = new SubscriptionStore(db);
    this.mutes = new MuteStore(db);
    this.registry = createCommandRegistry();
    this.metrics.onScrape(() => {
      for (const health of this.sourceHealth.list())
        this.metrics.sourceHealthy.set({ source: health.source }, health.healthy ? 1 : 0);
    });
  }

  get services(): CommandServices {
    return {
      clock: this.clock,
      logger: this.logger,
      version: VERSION,
      startedAt: this.startedAt,
      adminUserIds: this.config.adminUserIds,
      watchlists: this.watchlists,
      subscriptions: this.subscriptions,
      mutes: this.mutes,
      sourceHealth: this.sourceHealth,
    };
  }

  /** Answers one slash command; what every adapter calls. */
  readonly handleCommand: CommandHandler = async (invocation) => {
    const reply = await this.registry.dispatch(invocation, this.services);
    this.metrics.commands.inc({ platform: invocation.platform, command: this.registry.nameOf(invocation) });
    return reply;
  };

  /** The scheduled work of the service. */
  jobs(): Job[] {
    return [];
  }

  /** Starts the HTTP server, the chat adapters and the scheduler. Resolves with the bound port. */
  async start(): Promise<{ port: number }> {
    const http = new HttpServer(this.logger);
    http.route(
      'GET',
      '/healthz',
      healthHandler({
        db: this.db,
        sourceHealth: this.sourceHealth,
        clock: this.clock,
        startedAt: this.startedAt,
        version: VERSION,
      }),
    );
    http.route('GET', '/metrics', metricsHandler(this.metrics));
    this.http = http;

    if (!this.config.slack && !this.config.discord) {
      const stdin = this.options.stdin ?? process.stdin;
      this.adapters.push(
        new ConsoleAdapter({
          input: stdin,
          output: this.options.stdout ?? process.stdout,
          channel: 'console',
          onCommand: this.handleCommand,
          prompt: (stdin as { isTTY?: boolean }).isTTY === true,
        }),
      );
      this.logger.info('no chat tokens set: using the console adapter; type "/ree help" and press Enter');
    }
    for (const adapter of this.adapters) await adapter.start();

    const port = await http.listen(this.config.port, this.config.host);
    this.logger.info(
      { port, host: this.config.host },
      `HTTP server listening on ${this.config.host}:${port} (/healthz, /metrics)`,
    );

    this.scheduler = new Scheduler({
      jobs: this.jobs(),
      timezone: this.config.cronTimezone,
      clock: this.clock,
      logger: this.logger,
      runs: this.jobRuns,
    });
    this.scheduler.start();
    return { port };
  }

  /** Stops scheduling, lets in-flight work finish, then closes adapters, HTTP and the database. */
  stop(): Promise<void> {
    this.stopping ??= this.shutdown();
    return this.stopping;
  }

  private async shutdown(): Promise<void> {
    this.logger.info('shutting down');
    await this.scheduler?.stop(3_000);
    for (const adapter of this.adapters) {
      try {
        await adapter.stop();
      } catch (error) {
        this.logger.warn({ err: error, platform: adapter.platform }, 'chat adapter did not stop cleanly');
      }
    }
    await this.http?.close();
    this.db.close();
    this.logger.info('stopped');
  }
}

import type { Clock, Sleep } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { isDue } from '../model/source.js';
import type { Watchlist } from '../model/watchlist.js';
import { createSecretScrubber } from '../redact.js';
import type { AnswerRecorder } from '../sources/answer-recorder.js';
import { HttpClient, type HttpLimits } from '../sources/http.js';
import type { HostBudget } from '../sources/http-budget.js';
import { createSources, hostBudgets } from '../sources/index.js';
import type { AnswerBookkeeping } from '../sources/ports.js';
import { requestsFor } from '../sources/requests.js';
import type {
  AnySource,
  FetchContext,
  NoticeFetchResult,
  NoticeRequest,
  NoticeSource,
  SourceKind,
  SourceRequest,
  TradeFetchResult,
  TradeRequest,
  TradeSource,
} from '../sources/source.js';
import { SourceError } from '../sources/types.js';
import { recordHealth } from './ingest-health.js';
import type { IngestReport, RequestReport } from './ingest-report.js';
import { countSkipped, seriesReports, storeAnswer } from './ingest-store.js';
import type { IngestStorage } from './ports.js';

export interface IngestDeps {
  config: Config;
  clock: Clock;
  sleep?: Sleep;
  logger: Logger;
  metrics: Metrics;
  watchlists: readonly Watchlist[];
  storage: IngestStorage;
  /** Tests shorten timeouts and retries. */
  httpLimits?: Partial<HttpLimits>;
  /**
   * Request budgets by host (`host:port`) over the published ones. The ingest benchmark lifts
   * Comtrade's (500 requests a day would spread a million rows over nine days) to time the processing.
   */
  budgets?: Record<string, HostBudget>;
}

export { failureBackoffMs } from './ingest-health.js';
export type { IngestReport, RequestReport, SeriesReport, SourceHealthReport } from './ingest-report.js';

export interface IngestOptions {
  /** Only this source (a watchlist `source` name such as comtrade or rss). */
  source?: string;
  kind?: SourceKind;
  /** Ignore backoff after failures (a person asked for this poll). */
  force?: boolean;
  /** Save every raw answer here (`ree-watch poll --record DIR`), secrets redacted. */
  recorder?: AnswerRecorder;
  signal?: AbortSignal;
}

/**
 * One poll: derives the requests from the watchlists, fetches each, stores what validated, updates
 * source health and metrics, and reports what happened. Each source (each feed host) is one lane:
 * its requests go one at a time, to be polite, while lanes run side by side, so a source waiting a
 * minute for its request budget holds up no other. A failing source never stops the others, and
 * never leaves half an answer stored.
 */
export async function ingest(deps: IngestDeps, options: IngestOptions = {}): Promise<IngestReport> {
  const { clock, logger, config } = deps;
  const startedAt = clock.now();
  const sources = createSources(config);
  const { storage } = deps;
  const http = new HttpClient({
    clock,
    sleep: deps.sleep,
    logger,
    cache: storage.httpCache,
    requestLog: storage.httpRequests,
    allowPrivateUrls: config.allowPrivateUrls,
    limits: deps.httpLimits,
    budgets: { ...hostBudgets(config), ...deps.budgets },
    recorder: options.recorder,
  });
  const requests = requestsFor(deps.watchlists, { source: options.source, kind: options.kind });
  for (const source of sources.values()) {
    const own = requests.filter((request) => request.source === source.name);
    if (source.kind === 'trade') source.prepare?.(own.filter((request) => request.kind === 'trade'));
    else source.prepare?.(own.filter((request) => request.kind === 'notice'));
  }
  const lanes = new Map<string, { index: number; job: Job }[]>();
  requests.forEach((request, index) => {
    const source = sources.get(request.source);
    const job = source && jobFor(source, request);
    if (!job) return;
    const lane = lanes.get(healthKeyOf(job)) ?? [];
    lanes.set(healthKeyOf(job), lane);
    lane.push({ index, job });
  });
  // Reported in the order of the watchlists, whichever lane finished first.
  const slots: (RequestReport | undefined)[] = [];
  try {
    await Promise.all(
      [...lanes.values()].map(async (jobs) => {
        const run = { http, force: options.force ?? false, signal: options.signal };
        let next = jobs[0] && pollOne(deps, jobs[0].job, run);
        let storing: Promise<void> = Promise.resolve();
        for (const [position, { index }] of jobs.entries()) {
          const store = await next;
          if (!store) break;
          const following = jobs[position + 1];
          next = following && !options.signal?.aborted ? pollOne(deps, following.job, run) : undefined;
          // Awaited on the next turn: until then a failure must not count as an unhandled rejection.
          next?.catch(() => {});
          // The next request goes out before this answer is stored, so the two overlap; the requests
          // themselves still go one at a time, each after the previous answer has arrived. Where
          // transactions run side by side (PostgreSQL) an answer is stored beside the previous one's
          // store (two at most): the database writes one while the service prepares the other. On
          // SQLite, whose transactions take turns in this process, that only cost CPU (+15 %).
          if (next) await new Promise(setImmediate);
          const previous = storing;
          storing = store().then((report) => {
            slots[index] = report;
          });
          storing.catch(() => {});
          await (storage.concurrentTransactions ? previous : storing);
        }
        await storing;
      }),
    );
  } finally {
    await http.close();
  }
  const reports = slots.filter((report): report is RequestReport => report !== undefined);
  // A poll that loaded many months (the first one, a backfill) leaves the planner's view of the
  // tables stale until the database looks again; the evaluation that follows reads them at once.
  let stored = 0;
  for (const report of reports) for (const series of report.series) stored += series.stored.length;
  await storage.refreshStatistics(stored);
  const health = await recordHealth(storage.sourceHealth, clock.now(), reports);
  // Each request reports its source's backfill so far: the last one per source is what stands.
  const backfills = new Map<string, { done: number; total: number }>();
  for (const report of reports) if (report.backfill) backfills.set(report.source, report.backfill);
  for (const [source, { done, total }] of backfills)
    await storage.tradeCoverage.recordBackfill(source, done, total, clock.now());
  const report: IngestReport = {
    startedAt,
    finishedAt: clock.now(),
    requests: reports,
    sources: health,
    failed: health.some((source) => !source.ok),
  };
  logger.info(
    {
      requests: reports.length,
      failed: reports.filter((r) => r.outcome === 'failed').map((r) => `${r.source} ${r.description}`),
      ms: report.finishedAt - startedAt,
    },
    'poll finished',
  );
  return report;
}

/** A source paired with a request of its own kind. */
type Job =
  | { kind: 'trade'; source: TradeSource; request: TradeRequest }
  | { kind: 'notice'; source: NoticeSource; request: NoticeRequest };

/** The source_health key of a job: also its lane, since each key is one host (or one source's hosts). */
const healthKeyOf = (job: Job): string =>
  job.kind === 'trade' ? job.source.healthKey(job.request) : job.source.healthKey(job.request);

function jobFor(source: AnySource, request: SourceRequest): Job | undefined {
  if (source.kind === 'trade' && request.kind === 'trade') return { kind: 'trade', source, request };
  if (source.kind === 'notice' && request.kind === 'notice') return { kind: 'notice', source, request };
  return undefined;
}

/**
 * Fetches one request's answer. What it resolves to stores the answer and reports, so that a lane
 * can send its next request first; a request not due, or failed, reports without storing anything.
 */
async function pollOne(
  deps: IngestDeps,
  job: Job,
  run: {
    http: HttpClient;
    force: boolean;
    signal: AbortSignal | undefined;
  },
): Promise<() => Promise<RequestReport>> {
  const { clock, metrics, storage } = deps;
  const { source, request } = job;
  const describe = job.kind === 'trade' ? job.source.describe(job.request) : job.source.describe(job.request);
  const healthKey = healthKeyOf(job);
  const report: RequestReport = {
    source: source.name,
    kind: source.kind,
    healthKey,
    description: describe,
    watchlists: request.watchlists,
    outcome: 'ok',
    series: [],
    skipped: [],
  };
  const health = await storage.sourceHealth.get(healthKey);
  if (!run.force && !isDue(health, clock.now())) {
    report.outcome = 'skipped';
    // Not fetched, so not counted in ree_polls_total.
    report.note = `backing off after ${health?.consecutiveFailures ?? 0} failures until ${new Date(health?.nextAttemptAt ?? 0).toISOString()}`;
    return async () => report;
  }
  const log = deps.logger.child({ source: source.name, request: describe });
  const session = run.http.session(source.name, run.signal);
  const afterStore: ((stored: AnswerBookkeeping) => Promise<void>)[] = [];
  const context: FetchContext = {
    http: session,
    clock,
    logger: log,
    signal: run.signal,
    releases: storage.sourceReleases,
    afterStore: (action) => afterStore.push(action),
  };
  let cancelled = false;
  const fail = (error: unknown): void => {
    if (run.signal?.aborted) {
      // Shutting down is not the source's fault: no failure is recorded against it.
      cancelled = true;
      report.outcome = 'skipped';
      report.note = 'cancelled: the service is shutting down';
      return;
    }
    report.outcome = 'failed';
    if (error instanceof SourceError) {
      report.error = scrubSecrets(deps, error.message);
      report.errorKind = error.kind;
      report.retryAt = error.retryAt;
      log.warn({ kind: error.kind, error: error.message }, 'source failed');
    } else {
      report.error = scrubSecrets(
        deps,
        `${source.name}: unexpected error: ${error instanceof Error ? error.message : String(error)}`,
      );
      log.error({ err: error }, 'source failed unexpectedly');
    }
  };
  const finish = (): RequestReport => {
    if (cancelled) return report;
    if (report.outcome !== 'failed')
      log.info({ outcome: report.outcome, note: report.note }, 'source polled');
    metrics.polls.inc({ source: source.name, outcome: report.outcome });
    return report;
  };
  let store: () => Promise<void>;
  try {
    if (job.kind === 'trade') store = storeTrade(job.request, await job.source.fetch(job.request, context));
    else store = storeNotices(await job.source.fetch(job.request, context));
  } catch (error) {
    fail(error);
    return async () => finish();
  }
  return async () => {
    try {
      await store();
    } catch (error) {
      fail(error);
    }
    return finish();
  };

  function storeTrade(trade: TradeRequest, result: TradeFetchResult): () => Promise<void> {
    return async () => {
      const at = clock.now();
      const upserts = await storeAnswer(
        storage,
        // Answers with the same partner and flow may share series (whatever the reporter, as Census's
        // are all 'US'): they take turns. Others never touch the same series.
        `ingest:${source.name}:${trade.partner}:${trade.flow}`,
        session,
        afterStore,
        () => clock.now(),
        async (stored) => {
          const written = await stored.observations.upsert(result.observations);
          // What the answer says of the months without figures is stored with the figures.
          if (result.published)
            await stored.tradeCoverage.recordPublished(
              source.name,
              result.published.reporter,
              result.published.periods,
              at,
            );
          if (result.answered)
            await stored.tradeCoverage.recordAnswered(
              { source: source.name, reporter: trade.reporter, partner: trade.partner, flow: trade.flow },
              result.answered,
              at,
            );
          return written;
        },
      );
      report.series = await seriesReports(storage.observations, source.name, trade, upserts);
      report.skipped = countSkipped(result.skipped);
      if (result.unchanged) report.note = result.unchanged;
      if (result.backfill) report.backfill = result.backfill;
      const changed = upserts.some((u) => u.stored.length > 0 || u.revised.length > 0);
      report.outcome = changed ? 'ok' : 'unchanged';
      failWith(result.failed ?? []);
    };
  }

  /** Parts of a fetch that failed while others worked: the good part is stored, the source unhealthy. */
  function failWith(failed: readonly SourceError[]): void {
    if (failed.length === 0) return;
    report.outcome = 'failed';
    report.error = scrubSecrets(deps, [...new Set(failed.map((error) => error.message))].join('; '));
    report.errorKind = failed[0]?.kind;
    report.retryAt = Math.max(0, ...failed.map((error) => error.retryAt ?? 0)) || undefined;
  }

  function storeNotices(result: NoticeFetchResult): () => Promise<void> {
    return async () => {
      const at = clock.now();
      const stored = await storeAnswer(
        storage,
        `ingest:${source.name}`,
        session,
        afterStore,
        () => clock.now(),
        (repositories) => repositories.notices.upsert(result.notices, at),
      );
      report.notices = {
        fetched: result.notices.length,
        inserted: stored.inserted,
        updated: stored.updated.length,
        unchanged: stored.unchanged,
      };
      report.skipped = countSkipped(result.skipped);
      if (result.unchanged) report.note = result.unchanged;
      report.outcome = stored.inserted.length > 0 || stored.updated.length > 0 ? 'ok' : 'unchanged';
      failWith(result.failed ?? []);
    };
  }
}

/**
 * What a source said goes to stdout, the database and /ree status, not only to the (scrubbed) log:
 * no configured secret may survive in it, whatever a server echoed back.
 */
function scrubSecrets(deps: IngestDeps, text: string): string {
  return createSecretScrubber(deps.config.secrets)(text);
}

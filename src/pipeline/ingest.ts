import type { Sleep } from '../clock.js';
import type { Watchlist } from '../model/watchlist.js';
import type { AnswerRecorder } from '../sources/answer-recorder.js';
import { HttpClient, type HttpLimits } from '../sources/http.js';
import type { HostBudget } from '../sources/http-budget.js';
import { createSources, hostBudgets } from '../sources/index.js';
import { requestsFor } from '../sources/requests.js';
import type { SourceKind } from '../sources/source.js';
import { recordHealth } from './ingest-health.js';
import type { IngestReport, RequestReport } from './ingest-report.js';
import { healthKeyOf, type Job, jobFor, type PollDeps, pollOne } from './poll-request.js';

export interface IngestDeps extends PollDeps {
  sleep?: Sleep;
  watchlists: readonly Watchlist[];
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

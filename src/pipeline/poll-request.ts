import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import { isDue } from '../model/source.js';
import { createSecretScrubber } from '../redact.js';
import type { HttpClient } from '../sources/http.js';
import type { AnswerBookkeeping } from '../sources/ports.js';
import type {
  AnySource,
  FetchContext,
  NoticeFetchResult,
  NoticeRequest,
  NoticeSource,
  SourceRequest,
  TradeFetchResult,
  TradeRequest,
  TradeSource,
} from '../sources/source.js';
import { SourceError } from '../sources/types.js';
import type { RequestReport } from './ingest-report.js';
import { countSkipped, seriesReports, storeAnswer } from './ingest-store.js';
import type { IngestStorage } from './ports.js';

/** What one request of a poll needs: where it stores, how it tells, and which secrets to scrub. */
export interface PollDeps {
  config: Config;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  storage: IngestStorage;
}

/** A source paired with a request of its own kind. */
export type Job =
  | { kind: 'trade'; source: TradeSource; request: TradeRequest }
  | { kind: 'notice'; source: NoticeSource; request: NoticeRequest };

/** The source_health key of a job: also its lane, since each key is one host (or one source's hosts). */
export const healthKeyOf = (job: Job): string =>
  job.kind === 'trade' ? job.source.healthKey(job.request) : job.source.healthKey(job.request);

export function jobFor(source: AnySource, request: SourceRequest): Job | undefined {
  if (source.kind === 'trade' && request.kind === 'trade') return { kind: 'trade', source, request };
  if (source.kind === 'notice' && request.kind === 'notice') return { kind: 'notice', source, request };
  return undefined;
}

/**
 * Fetches one request's answer. What it resolves to stores the answer and reports, so that a lane
 * can send its next request first; a request not due, or failed, reports without storing anything.
 */
export async function pollOne(
  deps: PollDeps,
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
function scrubSecrets(deps: PollDeps, text: string): string {
  return createSecretScrubber(deps.config.secrets)(text);
}

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BenchChild, type ChildMessage } from './lib/child.js';
import { formatMs, formatRate, megabytes } from './lib/stats.js';
import type { BenchResult } from './report.js';
import { type TradeRoute, type TradeWorkload, tradeWorkload } from './workload/trade.js';

interface Polled extends ChildMessage {
  ms: number;
  cpuMs: number;
  requests: number;
  unchangedRequests: number;
  stored: number;
  unchanged: number;
  revised: number;
  failed: number;
  firstError: string | null;
  rss: number;
  maxRss: number;
}

interface Memory extends ChildMessage {
  rss: number;
  maxRss: number;
  heapUsed: number;
  heapTotal: number;
}

/** What the service's memory looked like around the ingest, for the memory row. */
export interface ServiceMemory {
  idleRss: number;
  afterIngestRss: number;
  afterJobRss: number;
  peakRss: number;
  /** The JavaScript heap after the job: what is live, and what V8 holds for it (the rest of RSS is native). */
  afterJobHeapUsed: number;
  afterJobHeapTotal: number;
}

const watchlistId = (route: TradeRoute, measure: string) =>
  `bench-${route.reporter.code}-${route.partner.code}-${route.flow}-${measure}`.toLowerCase();

/** Two watchlists per route (value and weight), so one Comtrade request carries both units, as in use. */
export function workloadWatchlists(workload: TradeWorkload): string {
  const lines: string[] = [];
  for (const route of workload.routes)
    for (const measure of ['value', 'weight'])
      lines.push(
        `- id: ${watchlistId(route, measure)}`,
        `  title: ${route.reporter.name} ${route.flow}s with ${route.partner.name} (${measure})`,
        '  kind: trade',
        '  source: comtrade',
        `  reporter: ${route.reporter.code}`,
        `  partner: ${route.partner.code}`,
        `  flow: ${route.flow}`,
        `  hs: [${workload.hs.map((hs) => `"${hs}"`).join(', ')}]`,
        `  measure: ${measure}`,
        '  rules:',
        '    - { type: drop, compare: previous-month, percent: 60 }',
        '    - { type: stale, days: 75 }',
      );
  return `${lines.join('\n')}\n`;
}

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`ingest benchmark: ${what}`);
}

/** Two empty PostgreSQL databases: the service's, and the raw baseline's. */
export interface PostgresTargets {
  service: string;
  baseline: string;
}

/**
 * ingest and re-poll: the real service polls Comtrade-shaped answers for `observations` rows from a
 * loopback Comtrade (in its own process), through the Comtrade source, the HTTP layer and the store;
 * then polls again after a republication with identical figures. Baseline: the same rows as raw
 * prepared INSERTs in one transaction. Also reads the service's memory for the memory row.
 */
export async function benchIngest(
  observations: number,
  postgres?: PostgresTargets,
): Promise<{ ingest: BenchResult; repoll: BenchResult; memory: ServiceMemory }> {
  const workload = tradeWorkload(observations);
  const dir = mkdtempSync(join(tmpdir(), 'ree-bench-ingest-'));
  const comtrade = BenchChild.tsx('comtrade-server', { OBSERVATIONS: String(observations) });
  let service: BenchChild | undefined;
  try {
    writeFileSync(join(dir, 'watchlists.yaml'), workloadWatchlists(workload));
    const { url } = await comtrade.next<ChildMessage & { url: string }>('ready');
    service = BenchChild.bundled('service', {
      ...(postgres ? { DATABASE_URL: postgres.service } : { DATABASE_PATH: join(dir, 'ree.db') }),
      WATCHLISTS_FILE: join(dir, 'watchlists.yaml'),
      COMTRADE_API_URL: url,
      // The keyed data API: 12 months and every partner of a reporter and flow per request.
      COMTRADE_API_KEY: 'bench-key-not-a-secret',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      // The benchmark triggers the polls itself; the schedules stay out of the way.
      POLL_CRON: '0 0 1 1 *',
      NOTICE_POLL_CRON: '0 0 1 1 *',
    });
    const ready = await service.next<Memory>('ready', 120_000);

    const unlimitedHosts = [new URL(url).host];
    const first = await service.request<Polled>({ type: 'ingest', unlimitedHosts }, 'ingested');
    check(first.failed === 0, `the first poll failed: ${first.firstError}`);
    check(first.stored === observations, `stored ${first.stored} observations, expected ${observations}`);
    const afterIngest = await service.request<Memory>({ type: 'memory', settleMs: 1_000 }, 'memory');

    await comtrade.request({ type: 'release' }, 'released');
    const again = await service.request<Polled>({ type: 'ingest', unlimitedHosts }, 'ingested');
    check(again.failed === 0, `the re-poll failed: ${again.firstError}`);
    // Unchanged either row by row or, an answer identical to the one stored, as a whole.
    check(
      again.stored === 0 && again.revised === 0 && again.unchangedRequests === again.requests,
      `the re-poll wrote rows (stored ${again.stored}, revised ${again.revised}, ${again.requests - again.unchangedRequests} requests changed)`,
    );
    // The rest of the scheduled job: evaluate every watchlist against what was stored.
    const evaluated = await service.request<Memory & { ms: number }>({ type: 'evaluate' }, 'evaluated');
    const afterJob = await service.request<Memory>({ type: 'memory', settleMs: 1_000 }, 'memory');
    await service.stop();

    const baseline = BenchChild.bundled('raw-insert', {
      OBSERVATIONS: String(observations),
      ...(postgres ? { DATABASE_URL: postgres.baseline } : { DATABASE_PATH: join(dir, 'raw.db') }),
    });
    const raw = await baseline.next<ChildMessage & { ms: number; cpuMs: number; rows: number }>('inserted');
    await baseline.stop();
    check(raw.rows === observations, `the baseline inserted ${raw.rows} rows`);

    const rate = (ms: number) => observations / (ms / 1000);
    const baselineText = `${formatRate(rate(raw.ms), 'rows')} (${formatMs(raw.ms)}, ${postgres ? 'raw pg multi-row INSERT' : 'raw INSERT'}, 1 transaction)`;
    const on = postgres ? ' (PostgreSQL)' : '';
    const scale = `${(observations / 1e6).toFixed(observations >= 1e6 ? 0 : 1)} M`;
    return {
      ingest: {
        name: `ingest${on}`,
        workload: `${scale} monthly observations: Comtrade answers over loopback HTTP → source → store (${first.requests} requests)`,
        measured: `${formatRate(rate(first.ms), 'rows')} (${formatMs(first.ms)})`,
        baseline: baselineText,
        ratio: raw.ms / first.ms,
        target: '≥ 0.5 of baseline rows/s',
        pass: raw.ms / first.ms >= 0.5,
        details: {
          ingestMs: Math.round(first.ms),
          baselineMs: Math.round(raw.ms),
          ingestCpuMs: Math.round(first.cpuMs),
          baselineCpuMs: Math.round(raw.cpuMs),
          rows: observations,
          requests: first.requests,
          watchlists: workload.routes.length * 2,
        },
      },
      repoll: {
        name: `re-poll${on}`,
        workload: `the same ${scale} rows fetched again after a republication, unchanged (nothing written)`,
        measured: `${formatRate(rate(again.ms), 'rows')} (${formatMs(again.ms)})`,
        baseline: baselineText,
        ratio: raw.ms / again.ms,
        target: '≥ 1.0 of baseline rows/s',
        pass: raw.ms / again.ms >= 1,
        details: {
          repollMs: Math.round(again.ms),
          repollCpuMs: Math.round(again.cpuMs),
          baselineMs: Math.round(raw.ms),
          evaluateMs: Math.round(evaluated.ms),
        },
      },
      memory: {
        idleRss: ready.rss,
        afterIngestRss: afterIngest.rss,
        afterJobRss: afterJob.rss,
        peakRss: Math.max(afterJob.maxRss, afterIngest.maxRss),
        afterJobHeapUsed: afterJob.heapUsed,
        afterJobHeapTotal: afterJob.heapTotal,
      },
    };
  } finally {
    await service?.stop();
    await comtrade.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const mb = (bytes: number): string => `${megabytes(bytes).toFixed(0)} MB`;

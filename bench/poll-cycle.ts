import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countryByCode } from '../src/countries/index.js';
import { CENSUS_COUNTRIES } from '../src/sources/census.js';
import {
  CENSUS_BUDGET,
  COMTRADE_BUDGET,
  DEFAULT_BUDGET,
  type HostBudget,
} from '../src/sources/http-budget.js';
import { recentMonths } from '../src/sources/parse.js';
import { BenchChild, type ChildMessage } from './lib/child.js';
import { formatMs } from './lib/stats.js';
import type { BenchResult } from './report.js';
import { WORKLOAD_NOW } from './workload/trade.js';

const LATENCY_MS = 20;
const MINUTE_MS = 60_000;

/**
 * The least time `requests` sequential requests to one host can take at `latencyMs` each, when its
 * budget allows `perMinute` in any sliding minute, `minIntervalMs` apart: a request starts when the
 * previous one has answered, the pace allows it, and the one `perMinute` places earlier has left
 * the window.
 */
export function budgetMinimumMs(requests: number, budget: HostBudget, latencyMs: number): number {
  const starts: number[] = [];
  for (let index = 0; index < requests; index++) {
    const previous = index === 0 ? undefined : (starts[index - 1] as number);
    const afterPrevious = previous === undefined ? 0 : previous + latencyMs;
    const paced = previous === undefined ? 0 : previous + (budget.minIntervalMs ?? 0);
    const windowFrees =
      index >= budget.perMinute ? (starts[index - budget.perMinute] as number) + MINUTE_MS : 0;
    starts.push(Math.max(afterPrevious, paced, windowFrees));
  }
  return requests === 0 ? 0 : (starts.at(-1) as number) + latencyMs;
}

/** `series` watched series spread over Comtrade, Census, the Federal Register and news feeds (40/30/16/14 %). */
function pollWatchlists(series: number, feedsUrl: string): string {
  const comtrade = Math.max(1, Math.round(series * 0.4));
  const census = Math.max(1, Math.round(series * 0.3));
  const federal = Math.max(1, Math.round(series * 0.16));
  const feeds = Math.max(1, series - comtrade - census - federal);
  const partners = [
    'IN',
    'US',
    'JP',
    'KR',
    'DE',
    'VN',
    'TH',
    'MY',
    'WORLD',
    'FR',
    'GB',
    'NL',
    'IT',
    'BR',
    'MX',
    'CA',
    'AU',
    'ID',
    'PH',
    'SG',
    'TW',
    'TR',
    'PL',
    'ES',
  ];
  const censusPartners = Object.keys(CENSUS_COUNTRIES).filter((code) => code !== 'CN');
  const topics = [
    'rare earth',
    'permanent magnet',
    'critical mineral',
    'neodymium',
    'export control',
    'gallium',
    'graphite',
    'antimony',
    'dysprosium',
    'samarium',
  ];
  const lines: string[] = [];
  for (let index = 0; index < comtrade; index++) {
    const partner = partners[index % partners.length] as string;
    lines.push(
      `- id: poll-cn-${partner.toLowerCase()}-${index}`,
      `  title: China → ${countryByCode(partner)?.name} magnets`,
      '  kind: trade',
      '  source: comtrade',
      '  reporter: CN',
      `  partner: ${partner}`,
      '  flow: export',
      `  hs: ["${index < partners.length ? '850511' : '280530'}"]`,
      '  rules: [{ type: drop, compare: previous-month, percent: 30 }]',
    );
  }
  for (let index = 0; index < census; index++) {
    const partner = censusPartners[index % censusPartners.length] as string;
    lines.push(
      `- id: poll-us-${partner.toLowerCase()}-${index}`,
      `  title: US magnet imports from ${partner}`,
      '  kind: trade',
      '  source: census',
      '  reporter: US',
      `  partner: ${partner}`,
      '  flow: import',
      `  hs: ["${index < censusPartners.length ? '850511' : '2846'}"]`,
      '  rules: [{ type: drop, compare: previous-month, percent: 30 }]',
    );
  }
  for (let index = 0; index < federal; index++)
    lines.push(
      `- id: poll-fr-${index}`,
      `  title: Federal Register on ${topics[index % topics.length]} ${index}`,
      '  kind: notice',
      '  source: federal-register',
      `  query: ${topics[index % topics.length]} ${index}`,
      `  match: { any: ["${topics[index % topics.length]}"] }`,
    );
  for (let index = 0; index < feeds; index++)
    lines.push(
      `- id: poll-feed-${index}`,
      `  title: News feed ${index}`,
      '  kind: notice',
      '  source: rss',
      `  feed: ${feedsUrl}/feeds/${index}.rss`,
      '  match: { any: ["rare earth", "magnet"] }',
    );
  return `${lines.join('\n')}\n`;
}

interface Polled extends ChildMessage {
  ms: number;
  cycleMs: number;
  waitedMs: number;
  failed: number;
  firstError: string | null;
  requests: number;
}

/**
 * poll cycle: `series` watched series across four sources, each on its own loopback host answering
 * after 20 ms, polled once by the service (`ree-watch poll`: every source). Baseline: the least time
 * each host's request budget allows for the requests made to it, hosts in parallel.
 */
export async function benchPollCycle(series: number): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'ree-bench-poll-'));
  const fixtures = BenchChild.tsx('poll-fixtures', {
    LATENCY_MS: String(LATENCY_MS),
    MONTHS: recentMonths(WORKLOAD_NOW, 24).join(','),
  });
  let service: BenchChild | undefined;
  try {
    const urls = await fixtures.next<
      ChildMessage & Record<'comtrade' | 'census' | 'federalRegister' | 'feeds', string>
    >('ready');
    writeFileSync(join(dir, 'watchlists.yaml'), pollWatchlists(series, urls.feeds));
    service = BenchChild.bundled('service', {
      DATABASE_PATH: join(dir, 'ree.db'),
      WATCHLISTS_FILE: join(dir, 'watchlists.yaml'),
      COMTRADE_API_URL: urls.comtrade,
      COMTRADE_API_KEY: 'bench-key-not-a-secret',
      CENSUS_API_URL: urls.census,
      FEDERAL_REGISTER_API_URL: urls.federalRegister,
      ALLOW_PRIVATE_URLS: 'true',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.BENCH_DEBUG ? 'debug' : 'info',
      POLL_CRON: '0 0 1 1 *',
      NOTICE_POLL_CRON: '0 0 1 1 *',
    });
    await service.next('ready', 60_000);
    const polled = await service.request<Polled>({ type: 'poll' }, 'polled');
    if (process.env.BENCH_DEBUG) process.stderr.write(service.stderr);
    if (polled.failed > 0)
      throw new Error(`poll cycle: ${polled.failed} requests failed: ${polled.firstError}`);
    const { requests } = await fixtures.request<ChildMessage & { requests: Record<string, number> }>(
      { type: 'stats' },
      'stats',
    );
    const budgets: Record<string, HostBudget> = {
      comtrade: COMTRADE_BUDGET,
      census: CENSUS_BUDGET,
      federalRegister: DEFAULT_BUDGET,
      feeds: DEFAULT_BUDGET,
    };
    const perHost = Object.entries(requests).map(([host, count]) => ({
      host,
      count,
      minimumMs: budgetMinimumMs(count, budgets[host] ?? DEFAULT_BUDGET, LATENCY_MS),
    }));
    const minimum = Math.max(...perHost.map((host) => host.minimumMs));
    const total = perHost.reduce((sum, host) => sum + host.count, 0);
    const hosts = perHost.map((host) => `${host.host} ${host.count}`).join(', ');
    return {
      name: 'poll cycle',
      workload: `${series} watched series, 4 sources on 4 loopback hosts (20 ms latency); ${total} requests (${hosts})`,
      measured: `${formatMs(polled.cycleMs)}${polled.waitedMs > 0 ? ` (${formatMs(polled.waitedMs)} of it budget waits, counted not spent)` : ''}`,
      baseline: `${formatMs(minimum)} (per-host budgets, hosts in parallel)`,
      ratio: minimum / polled.cycleMs,
      target: '≥ 0.8',
      pass: minimum / polled.cycleMs >= 0.8,
      details: {
        cycleMs: Math.round(polled.cycleMs),
        waitedMs: Math.round(polled.waitedMs),
        minimumMs: minimum,
        requests: total,
      },
    };
  } finally {
    await service?.stop();
    await fixtures.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

// The service as `ree-watch start` builds it (config from the environment, App, HTTP server,
// scheduler, chat adapters), bundled and run under plain node, with one difference: a WarpClock,
// so waits for a request budget are counted but not spent.
import { App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import type { IngestReport } from '../../src/pipeline/ingest-report.js';
import { markFirstPollsDone } from '../lib/first-polls.js';
import { WarpClock } from '../lib/warp-clock.js';
import { WORKLOAD_NOW } from '../workload/trade.js';
import { cpuMs, memory, reply, serve } from './ipc.js';

const clock = new WarpClock(WORKLOAD_NOW);
const config = loadConfig(process.env);
const logger = createLogger({ level: config.logLevel, secrets: config.secrets });
const app = await App.open({ config, logger, clock, sleep: clock.sleep });
await markFirstPollsDone(app, clock);
const { port } = await app.start();
// Let start-up garbage settle before the idle reading, as a service would sit between polls.
await new Promise((resolve) => setTimeout(resolve, 2_000));
reply({ type: 'ready', port, ...memory() });

function totals(report: IngestReport) {
  let stored = 0;
  let unchanged = 0;
  let revised = 0;
  for (const request of report.requests)
    for (const series of request.series) {
      stored += series.stored.length;
      unchanged += series.unchanged;
      revised += series.revised.length;
    }
  const failed = report.requests.filter((request) => request.outcome === 'failed');
  return {
    requests: report.requests.length,
    unchangedRequests: report.requests.filter((request) => request.outcome === 'unchanged').length,
    stored,
    unchanged,
    revised,
    failed: failed.length,
    firstError: failed[0]?.error ?? null,
  };
}

/** Summary of one poll or ingest, timed in real time and as the service's clock lived it. */
async function timed(run: () => Promise<IngestReport>) {
  const skippedBefore = clock.skippedMs;
  const startedAt = clock.now();
  const cpuBefore = cpuMs();
  const started = performance.now();
  const report = await run();
  const ms = performance.now() - started;
  return {
    ms,
    cpuMs: cpuMs() - cpuBefore,
    // What the poll took as the service would live it: real work plus the waits it asked for.
    cycleMs: clock.now() - startedAt,
    waitedMs: clock.skippedMs - skippedBefore,
    ...totals(report),
    ...memory(),
  };
}

serve({
  // The trade poll exactly as App.poll runs it, on the service's own stores, with the request
  // budgets of `unlimitedHosts` lifted: the processing is timed, not Comtrade's 500 requests a day.
  ingest: async (message) => {
    const hosts = Array.isArray(message.unlimitedHosts) ? message.unlimitedHosts.map(String) : [];
    const budgets = Object.fromEntries(hosts.map((host) => [host, { perMinute: 1e9, perDay: 1e9 }]));
    // Loaded on first use, as App.poll does, so the idle reading is the service's.
    const { ingest } = await import('../../src/pipeline/ingest.js');
    return { type: 'ingested', ...(await timed(() => ingest({ ...app, budgets }, { kind: 'trade' }))) };
  },
  // One poll as the scheduled job runs it; `kind` as the job's (trade) or all sources (`ree-watch poll`).
  poll: async (message) => {
    const kind = message.kind === 'trade' || message.kind === 'notice' ? message.kind : undefined;
    // A running service loaded the sources on its first poll; the cycle is timed as any later one.
    await import('../../src/pipeline/ingest.js');
    return { type: 'polled', ...(await timed(() => app.poll(kind ? { kind } : {}))) };
  },
  // What follows a poll in the scheduled job: evaluate the watchlists, deliver.
  evaluate: async () => {
    const started = performance.now();
    const { cycle } = await app.evaluateAndDeliver();
    return { type: 'evaluated', ms: performance.now() - started, enqueued: cycle.enqueued, ...memory() };
  },
  memory: async (message) => {
    await new Promise((resolve) => setTimeout(resolve, Number(message.settleMs ?? 0)));
    return { type: 'memory', ...memory() };
  },
  stop: async () => {
    await app.stop();
    process.exit(0);
  },
});

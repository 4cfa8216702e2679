import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { silentLogger } from '../src/logger.js';
import { Metrics } from '../src/metrics.js';
import { FakeClock } from './helpers/fake-clock.js';
import { FixtureServer, status } from './helpers/fixture-server.js';
import { sourceEnv } from './helpers/ingest-harness.js';

const apps: App[] = [];
const servers: FixtureServer[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
  for (const server of servers.splice(0)) await server.close();
});

async function makeApp(env: Record<string, string> = {}) {
  const server = await FixtureServer.start();
  servers.push(server);
  const clock = new FakeClock();
  const stdin = new PassThrough();
  const app = await App.open({
    config: loadConfig({
      ...sourceEnv(server),
      HOST: '127.0.0.1',
      PORT: '0',
      POLL_CRON: '0 5 * * *',
      ...env,
    }),
    logger: silentLogger(),
    clock,
    sleep: clock.sleep,
    metrics: new Metrics({ processMetrics: false }),
    stdin,
    stdout: new PassThrough(),
  });
  apps.push(app);
  return { app, server, clock };
}

describe('App polling', () => {
  it('schedules trade sources on POLL_CRON and notice sources on NOTICE_POLL_CRON, both catching up after downtime', async () => {
    const { app } = await makeApp();
    expect(app.jobs().map(({ name, cron, catchUp }) => ({ name, cron, catchUp }))).toEqual([
      { name: 'poll-trade', cron: '0 5 * * *', catchUp: true },
      { name: 'poll-notices', cron: '0 * * * *', catchUp: true },
      // Deletes finished outbox messages older than OUTBOX_RETENTION once a day.
      { name: 'housekeeping', cron: '17 3 * * *', catchUp: undefined },
    ]);
    expect(app.sourceSchedules()).toEqual([
      { source: 'census', kind: 'trade', cron: '0 5 * * *' },
      { source: 'comtrade', kind: 'trade', cron: '0 5 * * *' },
      { source: 'dgft', kind: 'notice', cron: '0 * * * *' },
      { source: 'federal-register', kind: 'notice', cron: '0 * * * *' },
      { source: 'mofcom', kind: 'notice', cron: '0 * * * *' },
    ]);
  });

  it('shows a failing source on /healthz with its error, failure count and next attempt', async () => {
    const { app, server, clock } = await makeApp();
    server.route((url) => url.pathname === '/CP/', status(403, 'Forbidden'));
    const report = await app.poll({ source: 'dgft' });
    expect(report.failed).toBe(true);
    const failedAt = clock.now();

    const { port } = await app.start();
    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as {
      status: string;
      sources: unknown[];
      schedules: unknown[];
    };
    expect(health.status).toBe('degraded');
    expect(health.sources).toEqual([
      expect.objectContaining({
        source: 'dgft',
        healthy: false,
        consecutiveFailures: 1,
        lastError: expect.stringContaining('dgft: answered HTTP 403: Forbidden') as unknown,
        // The service's first poll at start leaves dgft alone: it is backing off.
        nextAttemptAt: new Date(failedAt + 15 * 60_000).toISOString(),
      }),
    ]);
    expect(health.schedules).toContainEqual({ source: 'dgft', kind: 'notice', cron: '0 * * * *' });
  });
});

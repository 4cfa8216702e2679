import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { dataRoute } from '../helpers/comtrade-answers.js';
import { FixtureServer } from '../helpers/fixture-server.js';
import { type PostgresServer, startPostgres } from '../helpers/postgres-server.js';
import { useTempDir } from '../helpers/temp-dir.js';
import {
  FAKE_SECRETS,
  leakedSecrets,
  recordFigures,
  sleep,
  useProcesses,
  waitUntil,
} from './helpers/chaos.js';
import { FakeSlackServer } from './helpers/fakes.js';
import { COMTRADE, keyed, monthsWithRise, prepareFanOut, routeComtrade } from './helpers/scenario.js';

const CHANNELS = Array.from({ length: 300 }, (_, i) => `C0PGR${String(i).padStart(4, '0')}`);
/** The fan-out is told to restart PostgreSQL once this many messages reached Slack. */
const RESTART_AFTER_POSTS = 100;

const tempDir = useTempDir();
const processes = useProcesses('postgres-restart');
const closers: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

async function healthz(port: number): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
  await response?.arrayBuffer();
  return response?.status ?? 0;
}

describe('PostgreSQL restarts under a running service (real server, real process)', () => {
  it('pg_ctl restart during a poll and during a fan-out: reconnects by itself, nothing lost or doubled; /healthz 503 while down', async () => {
    const server: PostgresServer = await startPostgres();
    closers.push(() => server.stop());
    const url = await server.createDatabase('chaos_restart');
    const slack = await FakeSlackServer.start({ botToken: FAKE_SECRETS.SLACK_BOT_TOKEN });
    // The poll's first data answer comes back only after PostgreSQL was restarted under it: every
    // pooled connection the service holds is dead when it stores what it fetched.
    const comtrade = await FixtureServer.start();
    const months = monthsWithRise();
    const answerData = keyed(dataRoute(months));
    let restartsDuringPoll = 0;
    comtrade.route(COMTRADE.data, async (req, res) => {
      if (restartsDuringPoll === 0) {
        restartsDuringPoll++;
        await server.restart();
      }
      await answerData(req, res);
    });
    routeComtrade(comtrade, months);
    closers.push(
      () => slack.close(),
      () => comtrade.close(),
    );

    const env = await prepareFanOut({
      dir: tempDir(),
      slackApiUrl: slack.apiUrl,
      comtradeUrl: comtrade.url,
      channels: CHANNELS,
      databaseUrl: url,
    });

    let restartsDuringFanOut = 0;
    slack.answerPostsWith(() => {
      if (slack.posts.length === RESTART_AFTER_POSTS && restartsDuringFanOut === 0) {
        restartsDuringFanOut++;
        void server.restart();
      }
      return undefined;
    });

    const started = Date.now();
    const service = processes.spawn('service', ['start'], env);
    const port = await service.port();
    const client = new pg.Client({ connectionString: url });
    const pending = async () => {
      await client.connect().catch(() => undefined);
      const result = await client.query<{ n: string }>(
        "SELECT COUNT(*) AS n FROM outbox WHERE state <> 'delivered'",
      );
      return Number(result.rows[0]?.n);
    };
    await waitUntil(
      () => new Set(slack.posts.map((post) => post.channel)).size === CHANNELS.length,
      'every channel to be told',
      200_000,
      250,
    );
    await waitUntil(async () => (await pending()) === 0, 'nothing left in the outbox', 60_000, 250);
    const deliveredS = Math.round((Date.now() - started) / 1000);
    await client.end();

    // Down for a while: /healthz says so, and says it is fine again once the server is back.
    expect(await healthz(port)).toBe(200);
    server.down();
    const down = await waitUntil(
      async () => (await healthz(port)) === 503 && true,
      '/healthz 503',
      30_000,
      200,
    );
    server.up();
    const up = await waitUntil(
      async () => (await healthz(port)) === 200 && true,
      '/healthz 200 again',
      60_000,
      200,
    );
    await sleep(200);

    service.kill('SIGTERM');
    const stopped = await service.exited;
    const perChannel = new Map<string, number>();
    for (const post of slack.posts) perChannel.set(post.channel, (perChannel.get(post.channel) ?? 0) + 1);
    const delivered = perChannel.size;
    const duplicates = slack.posts.length - delivered;
    const leaks = leakedSecrets(service.stdout + service.stderr);

    recordFigures('postgres-restart', [
      {
        fault: 'PostgreSQL restart during a poll',
        measure: 'restarts under the poll / the poll stored its month and alerted',
        result: `${restartsDuringPoll} / ${delivered > 0 ? 'yes' : 'no'}`,
        expected: '1 / yes',
        ok: restartsDuringPoll === 1 && delivered > 0,
      },
      {
        fault: 'PostgreSQL restart during a fan-out',
        measure: 'messages expected / delivered / duplicated',
        result: `${CHANNELS.length} / ${delivered} / ${duplicates}`,
        expected: `${CHANNELS.length} / ${CHANNELS.length} / 0`,
        ok: restartsDuringFanOut === 1 && delivered === CHANNELS.length && duplicates === 0,
      },
      {
        fault: 'PostgreSQL down, then up',
        measure: '/healthz while down / after',
        result: `${down ? 503 : '?'} / ${up ? 200 : '?'}`,
        expected: '503 / 200, no restart of ree-watch',
        ok: down && up && stopped.code === 0,
      },
      {
        fault: 'PostgreSQL restarts',
        measure: 'time to deliver everything (two restarts)',
        result: `${deliveredS} s`,
        expected: 'bounded',
        ok: true,
      },
    ]);

    expect(restartsDuringPoll).toBe(1);
    expect(restartsDuringFanOut).toBe(1);
    expect(delivered).toBe(CHANNELS.length);
    expect(duplicates).toBe(0);
    expect(stopped.code).toBe(0);
    expect(leaks).toEqual([]);
  }, 290_000);
});

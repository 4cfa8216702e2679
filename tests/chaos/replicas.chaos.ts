import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { SLACK_LIMITS } from '../../src/model/platform-limits.js';
import { FixtureServer, serve } from '../helpers/fixture-server.js';
import { type PostgresServer, startPostgres } from '../helpers/postgres-server.js';
import { openTestStorage } from '../helpers/storage.js';
import { useTempDir } from '../helpers/temp-dir.js';
import {
  CHAOS_SEED,
  FAKE_SECRETS,
  leakedSecrets,
  recordFigures,
  seededRandom,
  sleep,
  useProcesses,
  waitUntil,
} from './helpers/chaos.js';
import { FakeSlackServer } from './helpers/fakes.js';
import { comtradeServer, monthsWithRise, prepareFanOut, writeWatchlists } from './helpers/scenario.js';

const CHANNELS = Array.from({ length: 300 }, (_, i) => `C0REP${String(i).padStart(4, '0')}`);
const KILLS = 3;
/** OutboxSender's claim batch: at most this many sends in flight per replica. */
const CLAIM_BATCH = 8;
/** Slack's chat.postMessage limits, enforced by the fake as Slack does (HTTP 429 with Retry-After). */
const SLACK_RATE = {
  perChannel: SLACK_LIMITS.posting.perChannel[0] ?? { limit: 1, windowMs: 1_000 },
  workspace: SLACK_LIMITS.posting.perPlatform[0] ?? { limit: 5, windowMs: 1_000 },
};
const ALLOWED_PER_S = (SLACK_RATE.workspace.limit * 1_000) / SLACK_RATE.workspace.windowMs;

const tempDir = useTempDir();
const processes = useProcesses('replicas');
const closers: (() => Promise<void> | void)[] = [];
let server: PostgresServer | undefined;
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

async function postgres(): Promise<PostgresServer> {
  if (!server) {
    server = await startPostgres();
    const started = server;
    closers.push(() => started.stop());
  }
  return server;
}

/** Two `ree-watch start` processes on one new PostgreSQL database, against a fake Slack that enforces its limits. */
async function twoReplicaFanOut(name: string) {
  const url = await (await postgres()).createDatabase(name);
  const slack = await FakeSlackServer.start({
    botToken: FAKE_SECRETS.SLACK_BOT_TOKEN,
    rateLimits: SLACK_RATE,
  });
  const comtrade = await comtradeServer(monthsWithRise());
  closers.push(
    () => slack.close(),
    () => comtrade.close(),
  );
  // The trade poll came due while every replica was down: one of them claims the catch-up, polls,
  // finds the rise and queues it for 300 channels; both send.
  const env = await prepareFanOut({
    dir: tempDir(),
    slackApiUrl: slack.apiUrl,
    comtradeUrl: comtrade.url,
    channels: CHANNELS,
    databaseUrl: url,
  });
  const spawn = (id: string, run: number) =>
    processes.spawn(`${name}-${id}-${run}`, ['start'], { ...env, REPLICA_ID: id });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  closers.push(() => client.end());
  const count = async (query: string) => Number((await client.query<{ n: string }>(query)).rows[0]?.n);
  return { slack, spawn, count };
}

function postsPerChannel(slack: FakeSlackServer) {
  const perChannel = new Map<string, number>();
  for (const post of slack.posts) perChannel.set(post.channel, (perChannel.get(post.channel) ?? 0) + 1);
  return { delivered: perChannel.size, duplicates: slack.posts.length - perChannel.size };
}

describe('two replicas on one PostgreSQL (real processes, fake Slack enforcing its limits)', () => {
  it(`fan-out to ${CHANNELS.length} channels: within Slack's limits together, and ≥ 0.9 of the rate they allow`, async () => {
    const { slack, spawn, count } = await twoReplicaFanOut('chaos_replicas_rate');
    const replicas = [spawn('replica-a', 0), spawn('replica-b', 0)];
    await waitUntil(
      () => new Set(slack.posts.map((post) => post.channel)).size === CHANNELS.length,
      'every channel to be told',
      200_000,
      100,
    );
    await waitUntil(
      async () => (await count("SELECT COUNT(*) AS n FROM outbox WHERE state <> 'delivered'")) === 0,
      'nothing pending',
      30_000,
      200,
    );
    for (const replica of replicas) replica.kill('SIGTERM');
    const exits = await Promise.all(replicas.map((replica) => replica.exited));
    const times = slack.posts.map((post) => post.at).sort((a, b) => a - b);
    const seconds = ((times.at(-1) ?? 0) - (times[0] ?? 0)) / 1_000;
    const rate = (slack.posts.length - 1) / seconds;
    const requests = slack.posts.length + slack.rateLimitedPosts;
    const share429 = slack.rateLimitedPosts / requests;
    const senders = replicas.map(
      (replica) => (replica.stderr.match(/"msg":"message delivered"/g) ?? []).length,
    );
    const { delivered, duplicates } = postsPerChannel(slack);

    recordFigures('replicas-rate', [
      {
        fault: 'two replicas, one fan-out',
        measure: 'messages expected / delivered / duplicated (sent by each replica)',
        result: `${CHANNELS.length} / ${delivered} / ${duplicates} (${senders.join(' + ')})`,
        expected: `${CHANNELS.length} / ${CHANNELS.length} / 0, both sending`,
        ok: delivered === CHANNELS.length && duplicates === 0 && senders.every((n) => n > 0),
      },
      {
        fault: 'two replicas, one fan-out',
        measure: "429s from Slack's limits / requests",
        result: `${slack.rateLimitedPosts} / ${requests} (${(share429 * 100).toFixed(2)} %)`,
        expected: '≤ 1 %',
        ok: share429 <= 0.01,
      },
      {
        fault: 'two replicas, one fan-out',
        measure: 'fan-out rate / rate Slack allows per workspace',
        result: `${rate.toFixed(2)}/s / ${ALLOWED_PER_S}/s (${(rate / ALLOWED_PER_S).toFixed(2)})`,
        expected: '≥ 0.90',
        ok: rate / ALLOWED_PER_S >= 0.9,
      },
    ]);

    expect(exits.map((exit) => exit.code)).toEqual([0, 0]);
    expect(delivered).toBe(CHANNELS.length);
    expect(duplicates).toBe(0);
    expect(senders.every((n) => n > 0)).toBe(true);
    expect(share429).toBeLessThanOrEqual(0.01);
    expect(rate / ALLOWED_PER_S).toBeGreaterThanOrEqual(0.9);
  }, 290_000);

  it(`SIGKILL one of two replicas ${KILLS} times during the fan-out: every channel told, duplicates ≤ kills × claim batch`, async () => {
    const { slack, spawn, count } = await twoReplicaFanOut('chaos_replicas_kill');
    const random = seededRandom(CHAOS_SEED + 20);
    const moments = Array.from({ length: KILLS }, (_, index) => 40 + index * 70 + Math.floor(random() * 40));
    const replicas = { 'replica-a': spawn('replica-a', 0), 'replica-b': spawn('replica-b', 0) };
    const started = Date.now();
    const kills: string[] = [];
    for (const [index, afterPosts] of moments.entries()) {
      await waitUntil(() => slack.posts.length >= afterPosts, `${afterPosts} posts`, 150_000, 50);
      const victim = index % 2 === 0 ? 'replica-a' : 'replica-b';
      replicas[victim].kill('SIGKILL');
      const exit = await replicas[victim].exited;
      expect(exit.signal).toBe('SIGKILL');
      kills.push(`${victim} at ${slack.posts.length}`);
      // Restarted a moment later, as a supervisor would.
      await sleep(500);
      replicas[victim] = spawn(victim, index + 1);
    }
    await waitUntil(
      async () =>
        new Set(slack.posts.map((post) => post.channel)).size === CHANNELS.length &&
        (await count("SELECT COUNT(*) AS n FROM outbox WHERE state <> 'delivered'")) === 0,
      'every channel told and nothing pending (leases of the killed run out after 60 s)',
      200_000,
      250,
    );
    const elapsedS = Math.round((Date.now() - started) / 1_000);
    const rows = await count("SELECT COUNT(*) AS n FROM outbox WHERE state = 'delivered'");
    for (const replica of Object.values(replicas)) replica.kill('SIGTERM');
    const exits = await Promise.all(Object.values(replicas).map((replica) => replica.exited));
    const { delivered, duplicates } = postsPerChannel(slack);
    const bound = KILLS * CLAIM_BATCH;
    const leaks = processes.all().flatMap(({ process }) => leakedSecrets(process.stdout + process.stderr));

    recordFigures('replicas-kill', [
      {
        fault: 'SIGKILL one of two replicas during a fan-out',
        measure: 'kills (replica at posts so far), each restarted',
        result: kills.join('; '),
        expected: `${KILLS} kills`,
        ok: kills.length === KILLS,
      },
      {
        fault: 'SIGKILL one of two replicas during a fan-out',
        measure: 'messages expected / delivered / duplicated',
        result: `${CHANNELS.length} / ${delivered} / ${duplicates}`,
        expected: `${CHANNELS.length} / ${CHANNELS.length} / ≤ ${bound} (kills × claim batch ${CLAIM_BATCH})`,
        ok: delivered === CHANNELS.length && duplicates <= bound,
      },
      {
        fault: 'SIGKILL one of two replicas during a fan-out',
        measure: "429s from Slack's limits / time to deliver everything",
        result: `${slack.rateLimitedPosts} / ${elapsedS} s`,
        expected: 'few / bounded (60 s leases)',
        ok: true,
      },
    ]);

    expect(kills).toHaveLength(KILLS);
    expect(exits.map((exit) => exit.code)).toEqual([0, 0]);
    expect(delivered).toBe(CHANNELS.length);
    expect(duplicates).toBeLessThanOrEqual(bound);
    expect(rows).toBe(CHANNELS.length);
    expect(leaks).toEqual([]);
  }, 290_000);

  it('each poll runs exactly once per tick over 10 ticks, whichever replica claims it', async () => {
    const url = await (await postgres()).createDatabase('chaos_replicas_ticks');
    const feed = await FixtureServer.start();
    closers.push(() => feed.close());
    feed.route(
      '/feed.xml',
      serve(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>t</title><link>http://127.0.0.1/</link><description>d</description></channel></rss>',
        { contentType: 'application/rss+xml' },
      ),
    );
    const dir = tempDir();
    writeWatchlists(
      dir,
      `
- id: feed-watch
  title: Rare-earth feed
  kind: notice
  source: rss
  feed: ${new URL('/feed.xml', feed.url).href}
  match: { any: ["rare earth"], all: [] }
`,
    );
    // The first poll of the install is done: only the schedule's ticks poll.
    const db = await openTestStorage({ path: url });
    const now = Date.now();
    await db.jobRuns.started('poll-notices', now - 60_000);
    await db.jobRuns.finished('poll-notices', now - 59_000, { nextDueAt: now + 3_600_000 });
    await db.jobRuns.started('poll-trade', now - 60_000);
    await db.jobRuns.finished('poll-trade', now - 59_000, { nextDueAt: now + 3_600_000 });
    await db.close();
    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: url,
      WATCHLISTS_FILE: `${dir}/watchlists.yaml`,
      ALLOW_PRIVATE_URLS: 'true',
      POLL_CRON: '0 0 1 1 *',
      // Every 3 seconds (node-cron's seconds field): ten ticks in half a minute.
      NOTICE_POLL_CRON: '*/3 * * * * *',
      COMTRADE_API_KEY: FAKE_SECRETS.COMTRADE_API_KEY,
    };
    const replicas = ['replica-a', 'replica-b'].map((id) =>
      processes.spawn(`ticks-${id}`, ['start'], { ...env, REPLICA_ID: id }),
    );
    for (const replica of replicas) await replica.port();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    closers.push(() => client.end());
    const ticks = async () =>
      (
        await client.query<{ tick: string; replica: string }>(
          "SELECT tick, replica FROM job_ticks WHERE job = 'poll-notices' ORDER BY tick",
        )
      ).rows.map((row) => ({ tick: Number(row.tick), replica: row.replica }));
    const feedRequests = () => feed.requests.filter((request) => request.url.pathname === '/feed.xml');
    await waitUntil(
      async () => (await ticks()).length >= 11 && feedRequests().length >= 11,
      '11 claimed ticks polled',
      90_000,
      250,
    );
    // The stop may cut short the poll of a tick claimed a moment before: it then never asks the feed.
    for (const replica of replicas) replica.kill('SIGTERM');
    await Promise.all(replicas.map((replica) => replica.exited));
    // Eleven ticks claimed in a row, each 3 s after the one before: ten whole intervals, none skipped.
    const all = await ticks();
    const claimed = all.slice(0, 11);
    const gaps = claimed.slice(1).map((row, index) => row.tick - (claimed[index]?.tick ?? 0));
    const requests = feedRequests();
    const polls = replicas
      .flatMap((replica) => replica.stderr.split('\n'))
      .filter((line) => line.includes('"job":"poll-notices"') && line.includes('"msg":"job started"')).length;
    const byReplica = new Map<string, number>();
    for (const row of all) byReplica.set(row.replica, (byReplica.get(row.replica) ?? 0) + 1);
    const split = [...byReplica.entries()].map(([id, n]) => `${n} by ${id}`).join(', ');

    recordFigures('replicas-ticks', [
      {
        fault: 'two replicas, one schedule (every 3 s)',
        measure: 'ticks claimed / polls run / feed requests',
        result: `${all.length} (${split}) / ${polls} / ${requests.length}`,
        expected: 'equal (the last poll may be cut by the stop), ≥ 11 ticks 3 s apart: one poll per tick',
        ok:
          gaps.length === 10 &&
          gaps.every((gap) => gap === 3_000) &&
          polls === all.length &&
          requests.length <= polls &&
          requests.length >= polls - 1,
      },
    ]);

    expect(gaps).toEqual(Array.from({ length: 10 }, () => 3_000));
    // Every poll started was a claimed tick, and every poll asked the feed once: no tick polled twice,
    // none left out but, perhaps, the one the stop cut short.
    expect(polls).toBe(all.length);
    expect(requests.length).toBeLessThanOrEqual(polls);
    expect(requests.length).toBeGreaterThanOrEqual(polls - 1);
  }, 200_000);
});

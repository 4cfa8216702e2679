import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import type { FixtureServer } from '../helpers/fixture-server.js';
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
import {
  comtradeServer,
  monthsWithRise,
  prepareDatabase,
  RISE_WATCHLIST,
  slackServiceEnv,
  writeWatchlists,
} from './helpers/scenario.js';

const CHANNELS = Array.from({ length: 300 }, (_, i) => `C0FAN${String(i).padStart(4, '0')}`);
const KILLS = 5;
/** OutboxSender's default: sends in flight at once, each to a different channel. */
const SENDER_CONCURRENCY = 8;

const tempDir = useTempDir();
const processes = useProcesses('crash-fan-out');
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

describe('crash during fan-out (real service, fake Slack, SIGKILL)', () => {
  it(`delivers one alert to ${CHANNELS.length} channels despite ${KILLS} SIGKILLs at seeded moments`, async () => {
    const slack = await FakeSlackServer.start({ botToken: FAKE_SECRETS.SLACK_BOT_TOKEN });
    const comtrade: FixtureServer = await comtradeServer(monthsWithRise());
    closers.push(
      () => slack.close(),
      () => comtrade.close(),
    );
    const dir = tempDir();
    writeWatchlists(dir, RISE_WATCHLIST);
    const env = slackServiceEnv({ dir, slackApiUrl: slack.apiUrl, comtradeUrl: comtrade.url });
    // The trade poll came due while the service was down: the first start catches up, polls
    // Comtrade, finds the rise and fans it out.
    await prepareDatabase(env.DATABASE_PATH as string, {
      channels: CHANNELS,
      watchlist: 'china-india-magnets',
      pollWasDue: 'poll-trade',
    });

    // Seeded kill moments: once N posts reached Slack (0 = while polling and evaluating), Slack keeps
    // posting but stops answering, and the service is killed a seeded delay later, so the messages in
    // flight were posted but never recorded as delivered: the worst moment for duplicates.
    const random = seededRandom(CHAOS_SEED);
    const moments = Array.from({ length: KILLS }, () => ({
      afterPosts: Math.floor(random() * 240),
      delayMs: Math.floor(random() * 600),
    })).sort((a, b) => a.afterPosts - b.afterPosts);

    const started = Date.now();
    const kills: { afterPosts: number; postsAtKill: number; inFlight: number }[] = [];
    let armed = false;
    let inFlight = 0;
    slack.answerPostsWith(() => {
      if (!armed) return undefined;
      inFlight++;
      return { postThenHang: true };
    });
    for (const [index, moment] of moments.entries()) {
      const service = processes.spawn(`run-${index}`, ['start'], env);
      await service.waitFor(/HTTP server listening/, 'stderr', 60_000);
      await waitUntil(() => slack.posts.length >= moment.afterPosts, `${moment.afterPosts} posts`, 150_000);
      armed = true;
      await sleep(moment.delayMs);
      service.kill('SIGKILL');
      const exit = await service.exited;
      expect(exit.signal).toBe('SIGKILL');
      kills.push({ afterPosts: moment.afterPosts, postsAtKill: slack.posts.length, inFlight });
      armed = false;
      inFlight = 0;
    }

    const last = processes.spawn('final', ['start'], env);
    await last.waitFor(/HTTP server listening/, 'stderr', 60_000);
    // Messages that were mid-send at a kill wait for their 60 s lease, then go again.
    const db = new Database(env.DATABASE_PATH as string, { readonly: true });
    const pending = () =>
      (db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number }).n;
    await waitUntil(
      () => pending() === 0 && new Set(slack.posts.map((post) => post.channel)).size === CHANNELS.length,
      'every channel to be told and nothing left pending',
      200_000,
      250,
    );
    const outbox = db
      .prepare('SELECT state, COUNT(*) AS n, COUNT(DISTINCT channel) AS channels FROM outbox GROUP BY state')
      .all() as { state: string; n: number; channels: number }[];
    db.close();
    last.kill('SIGTERM');
    const stopped = await last.exited;
    const elapsedS = Math.round((Date.now() - started) / 1000);

    const perChannel = new Map<string, number>();
    for (const post of slack.posts) perChannel.set(post.channel, (perChannel.get(post.channel) ?? 0) + 1);
    const delivered = perChannel.size;
    const duplicates = slack.posts.length - delivered;
    const bound = KILLS * SENDER_CONCURRENCY;
    const leaks = processes.all().flatMap(({ process }) => leakedSecrets(process.stdout + process.stderr));

    recordFigures(
      'crash-fan-out',
      [
        {
          fault: 'crash during fan-out',
          measure: 'kills survived (SIGKILL, seeded moments, restart each time)',
          result: `${kills.length}/${KILLS} (at ${kills.map((k) => `${k.postsAtKill}`).join(', ')} posts; ${kills.reduce((n, k) => n + k.inFlight, 0)} posted but unanswered)`,
          expected: `${KILLS}/${KILLS}`,
          ok: kills.length === KILLS && stopped.code === 0,
        },
        {
          fault: 'crash during fan-out',
          measure: 'messages expected / delivered / duplicated',
          result: `${CHANNELS.length} / ${delivered} / ${duplicates}`,
          expected: `${CHANNELS.length} / ${CHANNELS.length} / ≤ ${bound} (kills × concurrency ${SENDER_CONCURRENCY})`,
          ok: delivered === CHANNELS.length && duplicates <= bound,
        },
        {
          fault: 'crash during fan-out',
          measure: 'outbox rows after recovery (queued once per channel)',
          result: outbox.map((row) => `${row.n} ${row.state}`).join(', '),
          expected: `${CHANNELS.length} delivered`,
          ok: outbox.length === 1 && outbox[0]?.state === 'delivered' && outbox[0]?.n === CHANNELS.length,
        },
        {
          fault: 'crash during fan-out',
          measure: 'time to deliver everything (5 restarts, 60 s leases)',
          result: `${elapsedS} s`,
          expected: 'bounded',
          ok: true,
        },
      ],
      {},
    );

    expect(kills).toHaveLength(KILLS);
    expect(stopped.code).toBe(0);
    expect(delivered).toBe(CHANNELS.length);
    expect(duplicates).toBeLessThanOrEqual(bound);
    expect(outbox).toEqual([{ state: 'delivered', n: CHANNELS.length, channels: CHANNELS.length }]);
    for (const post of slack.posts)
      expect(post.text).toMatch(
        /▲ China → India rare-earth magnet exports rose to \$[\d.]+ M in \w+ \d{4}, \+150% on /,
      );
    expect(leaks).toEqual([]);
  }, 290_000);
});

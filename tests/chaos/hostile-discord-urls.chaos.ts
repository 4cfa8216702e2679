import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { FixtureServer, file } from '../helpers/fixture-server.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { type FigureRow, leakedSecrets, recordFigures, useProcesses } from './helpers/chaos.js';
import { FakeDiscordServer, IDS, PERMISSIONS } from './helpers/fakes.js';
import { MAGNET_WATCHLIST, writeWatchlists } from './helpers/scenario.js';

const tempDir = useTempDir();
const processes = useProcesses('hostile-discord-urls');
const closers: (() => Promise<void>)[] = [];
const rows: FigureRow[] = [];
let tried = 0;
let refused = 0;
afterAll(async () => {
  recordFigures('hostile-discord-urls', rows, { hostileTried: tried, hostileRefused: refused });
  for (const close of closers) await close();
});

describe('hostile input: Discord permissions and user-supplied URLs (real processes)', () => {
  it('Discord: changing a channel without Manage Channels is refused politely and recorded; a moderator may', async () => {
    const discord = await FakeDiscordServer.start();
    closers.push(() => discord.close());
    const dir = tempDir();
    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_PATH: join(dir, 'ree.db'),
      WATCHLISTS_FILE: writeWatchlists(dir, MAGNET_WATCHLIST),
      DISCORD_TOKEN: discord.token,
      DISCORD_APPLICATION_ID: IDS.application,
      DISCORD_API_URL: discord.apiUrl,
      POLL_CRON: '0 0 1 1 *',
      NOTICE_POLL_CRON: '0 0 1 1 *',
    };
    const service = processes.spawn('discord', ['start'], env);
    await service.waitFor(/"msg":"Discord gateway connected"/, 'stderr', 60_000);

    const reply = async (subcommand: string, options: Record<string, string>, permissions: string) => {
      const { id } = discord.sendInteraction({
        subcommand,
        options,
        permissions,
        userId: '222222222222222222',
      });
      const callback = await discord.waitForRequest((request) =>
        request.path.startsWith(`/interactions/${id}/`),
      );
      return JSON.stringify(callback.body);
    };
    const changes: [string, Record<string, string>][] = [
      ['subscribe', { watchlists: 'china-india-magnets' }],
      ['unsubscribe', { watchlists: 'china-india-magnets' }],
      ['mute', { watchlist: 'china-india-magnets', duration: '1d' }],
    ];
    const memberReplies = [];
    for (const [subcommand, options] of changes)
      memberReplies.push(await reply(subcommand, options, PERMISSIONS.member));
    const moderatorReply = await reply(
      'subscribe',
      { watchlists: 'china-india-magnets' },
      PERMISSIONS.moderator,
    );
    service.kill('SIGTERM');
    await service.exited;

    const db = new Database(env.DATABASE_PATH, { readonly: true });
    const refusals = db
      .prepare("SELECT action, actor FROM subscription_events WHERE action LIKE 'refused:%' ORDER BY id")
      .all() as { action: string; actor: string }[];
    const subscriptions = db.prepare('SELECT channel, watchlist FROM subscriptions').all();
    db.close();
    const polite = memberReplies.filter((body) =>
      body.includes('needs the Manage Channels permission'),
    ).length;
    tried += changes.length;
    refused += Math.min(polite, refusals.length);
    rows.push({
      fault: 'hostile input',
      measure: 'Discord member without Manage Channels changing a channel (polite refusal, recorded)',
      result: `${polite}/${changes.length} refused politely, ${refusals.length} recorded; a moderator then succeeds`,
      expected: `${changes.length}/${changes.length}, ${changes.length} recorded`,
      ok:
        polite === changes.length &&
        refusals.length === changes.length &&
        moderatorReply.includes('now follows china-india-magnets'),
    });

    expect(polite).toBe(changes.length);
    expect(refusals).toEqual(
      changes.map(([subcommand]) => ({ action: `refused:${subcommand}`, actor: '222222222222222222' })),
    );
    expect(moderatorReply).toContain('now follows china-india-magnets');
    expect(subscriptions).toEqual([{ channel: IDS.channel, watchlist: 'china-india-magnets' }]);
    expect(leakedSecrets(service.stdout + service.stderr)).toEqual([]);
  }, 90_000);

  it('feed URLs on loopback, private, link-local or metadata addresses are refused unless ALLOW_PRIVATE_URLS', async () => {
    const feeds = await FixtureServer.start();
    closers.push(() => feeds.close());
    feeds.route('/feed', file('feeds/rss2_guardian_2items.rss', { contentType: 'application/rss+xml' }));
    const port = new URL(feeds.url).port;
    const hostile = [
      `http://127.0.0.1:${port}/feed`,
      `http://localhost:${port}/feed`,
      `http://[::1]:${port}/feed`,
      `http://[::ffff:127.0.0.1]:${port}/feed`,
      `http://0x7f000001:${port}/feed`,
      `http://2130706433:${port}/feed`,
      `http://127.1:${port}/feed`,
      `http://0.0.0.0:${port}/feed`,
      'http://169.254.169.254/latest/meta-data/iam/security-credentials/',
      'http://[fd00:ec2::254]/latest/meta-data/',
      'http://100.100.100.200/latest/meta-data/',
      'http://10.0.0.1/feed',
      'http://172.16.0.1/feed',
      'http://192.168.1.1/feed',
      'http://[fe80::1]/feed',
      'http://[fc00::1]/feed',
    ];
    const watchlists = hostile
      .map(
        (url, index) => `
- id: feed-${index}
  title: Feed ${index}
  kind: notice
  source: rss
  feed: "${url}"
  match: { any: ["rare earth"] }`,
      )
      .join('\n');
    const dir = tempDir();
    const env = {
      DATABASE_PATH: join(dir, 'ree.db'),
      WATCHLISTS_FILE: writeWatchlists(dir, watchlists),
    };
    const strict = processes.spawn('urls-strict', ['poll', '--source', 'rss'], env);
    const strictExit = await strict.exited;
    const requestsWhileStrict = feeds.requests.length;
    const blocked = strict.stdout
      .split('\n')
      .filter((line) => /FAILED: .*loopback, private or link-local address/.test(line)).length;

    // The control: on a trusted network the operator may allow it, and the loopback feed is read.
    const allowed = processes.spawn('urls-allowed', ['poll', '--source', 'rss'], {
      ...env,
      WATCHLISTS_FILE: writeWatchlists(tempDir(), watchlists.split('\n- id: feed-1')[0] ?? ''),
      ALLOW_PRIVATE_URLS: 'true',
    });
    const allowedExit = await allowed.exited;

    tried += hostile.length;
    refused += requestsWhileStrict === 0 ? blocked : 0;
    rows.push({
      fault: 'hostile input',
      measure: 'user-supplied feed URLs on loopback / private / link-local / metadata addresses',
      result: `${blocked}/${hostile.length} refused, ${requestsWhileStrict} requests reached the loopback server; allowed with ALLOW_PRIVATE_URLS=true`,
      expected: `${hostile.length}/${hostile.length} refused, 0 requests`,
      ok: blocked === hostile.length && requestsWhileStrict === 0 && allowedExit.code === 0,
    });

    expect(strictExit.code, strict.stdout + strict.stderr).toBe(1);
    expect(blocked, strict.stdout).toBe(hostile.length);
    expect(requestsWhileStrict).toBe(0);
    expect(allowedExit.code, allowed.stdout + allowed.stderr).toBe(0);
    expect(feeds.requests.length).toBeGreaterThan(0);
  }, 90_000);
});

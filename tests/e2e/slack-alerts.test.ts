import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { Metrics } from '../../src/metrics.js';
import { DAY_MS } from '../../src/model/time.js';
import { expectWithinSlackLimits } from '../helpers/block-kit-limits.js';
import { runCli } from '../helpers/capture.js';
import type { MonthFigure } from '../helpers/comtrade-answers.js';
import {
  magnetMonthsEndingInADrop,
  sourceUrlsAt,
  startComtradeFixture,
} from '../helpers/comtrade-fixture.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { ServiceProcess, UNREACHABLE_SOURCE_URLS } from '../helpers/service-process.js';
import { postToSlackEvents, signedForm } from '../helpers/slack-requests.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { TestSlackServer } from '../helpers/test-slack-server.js';

const BOT_TOKEN = 'xoxb-alerts-bot-token';
const APP_TOKEN = 'xapp-alerts-app-token';
const SIGNING_SECRET = 'alerts-signing-secret-0123456789';
const WATCHLISTS = resolve('config/watchlists.yaml');
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];

const tempDir = useTempDir();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** "2025-10" → "October 2025", as alerts name months. */
const monthName = (period: string): string =>
  new Date(`${period}-01T00:00:00Z`).toLocaleString('en-GB', {
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

/** The newest two months the loopback Comtrade serves, by name. */
function lastTwo(months: MonthFigure[]): { previous: string; latest: string } {
  const [previous, latest] = months.slice(-2).map((month) => monthName(month.month));
  if (!previous || !latest) throw new Error('expected two months');
  return { previous, latest };
}

/** Sends `/ree <text>` from channel C0ALERTS the way the mode receives commands; resolves with the reply. */
async function slashCommand(
  fake: TestSlackServer,
  mode: 'http' | 'socket',
  eventsUrl: string,
  text: string,
  nowMs: number,
  channel = 'C0ALERTS',
): Promise<Record<string, unknown>> {
  const before = fake.responses.length;
  const payload = fake.slashCommand(text, { channel_id: channel });
  if (mode === 'http')
    expect((await postToSlackEvents(eventsUrl, signedForm(payload, SIGNING_SECRET, nowMs))).status).toBe(200);
  else await fake.sendSlashCommand(payload);
  return (await fake.waitFor(() => fake.responses[before], `the reply to /ree ${text}`)).body;
}

/*
 * Issue 6's end-to-end flow with real processes: `ree-watch start` talks to the fake Slack, a person
 * subscribes the channel with a signed `/ree subscribe china-india-magnets` (the default watchlists),
 * and `ree-watch poll --source comtrade` — a second process on the same database, what a cron job or
 * an operator runs — fetches a month from a loopback Comtrade that crosses the thresholds.
 */
describe.each(['http', 'socket'] as const)('Slack end to end (%s mode, real processes)', (mode) => {
  it('subscribe, then a poll that crosses a threshold: exactly one chat.postMessage with the numbers, then its chart', {
    timeout: 60_000,
  }, async () => {
    const fake = await TestSlackServer.start({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
    cleanups.push(() => fake.close());
    const months = magnetMonthsEndingInADrop(Date.now());
    const comtrade = await startComtradeFixture(months);
    cleanups.push(() => comtrade.close());
    const databasePath = join(tempDir(), 'ree.db');
    const env = {
      DATABASE_PATH: databasePath,
      WATCHLISTS_FILE: WATCHLISTS,
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      ...(mode === 'socket' ? { SLACK_APP_TOKEN: APP_TOKEN } : {}),
      ...sourceUrlsAt(comtrade),
    };
    // The service polls at start; here only the operator's `ree-watch poll` below reaches the fixture.
    const service = ServiceProcess.spawn(['start'], {
      ...env,
      ...UNREACHABLE_SOURCE_URLS,
      PORT: '0',
      HOST: '127.0.0.1',
    });
    cleanups.push(() => service.kill('SIGKILL'));
    await service.waitFor(mode === 'socket' ? /Slack connected over Socket Mode/ : /Slack ready/);
    const eventsUrl = `http://127.0.0.1:${await service.port()}/slack/events`;

    const confirmation = await slashCommand(
      fake,
      mode,
      eventsUrl,
      'subscribe china-india-magnets',
      Date.now(),
    );
    expect(confirmation).toMatchObject({
      response_type: 'in_channel',
      text: '✅ This channel now follows china-india-magnets',
    });

    const poll = ServiceProcess.spawn(['poll', '--source', 'comtrade'], env);
    cleanups.push(() => poll.kill('SIGKILL'));
    const exit = await poll.exited;
    expect(exit.code, poll.stderr).toBe(0);
    expect(poll.stdout).toContain(
      `comtrade CN→IN export 850511 USD: 3 months stored, latest ${months.at(-1)?.month}`,
    );

    const post = await fake.waitFor(() => fake.posts[0], 'the alert at chat.postMessage');
    const { previous, latest } = lastTwo(months);
    expect(post.channel).toBe('C0ALERTS');
    expectWithinSlackLimits({ text: post.text, blocks: post.blocks });
    // The previous month by its name alone within the same year ("September's"), else with its year.
    const [previousMonth, previousYear] = previous.split(' ');
    const base = previousYear === latest.split(' ')[1] ? previousMonth : previous;
    expect(post.text).toContain(
      `▼ China → India rare-earth magnet exports fell to $5.46 M in ${latest}, -60% on ${base}'s $13.6 M`,
    );
    // One entry for the series: every comparison in one line, then whose alert and what happened.
    const blocks = JSON.stringify(post.blocks);
    for (const figure of ['\\n-60% m/m ($13.6 M) ▼', 'china-india-magnets · new alert'])
      expect(blocks).toContain(figure);

    // Slack cannot attach a file to a message: the chart follows as an upload to the same channel,
    // a second later (Slack's 1 message/s per channel); the poll waits for it (or, should the service
    // have claimed it first, the service sends it).
    const [chart] = await fake.waitFor(
      () => fake.sharedFiles().length > 0 && fake.sharedFiles(),
      'the chart',
      40_000,
    );
    expect(chart?.shared.channel).toBe('C0ALERTS');
    expect(chart?.filename).toBe('china-india-magnets-24m.png');
    expect([...(chart?.bytes ?? Buffer.alloc(0)).subarray(0, 4)]).toEqual(PNG_SIGNATURE);

    // The service shares the database: it must not send any of it again.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(fake.methods().filter((method) => method === 'chat.postMessage')).toHaveLength(1);
    expect(fake.sharedFiles()).toHaveLength(1);
    const db = new Database(databasePath, { readonly: true });
    // One outbox message for the channel's digest; Slack's adapter rendered it into the post and the chart.
    expect(db.prepare('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state').all()).toEqual([
      { state: 'delivered', n: 1 },
    ]);
    db.close();

    // Polling the same data again has nothing new to say.
    const again = await runCli(['poll', '--source', 'comtrade'], env);
    expect(again.code).toBe(0);
    expect(fake.methods().filter((method) => method === 'chat.postMessage')).toHaveLength(1);

    service.kill('SIGTERM');
    expect((await service.exited).code).toBe(0);
    for (const secret of [BOT_TOKEN, APP_TOKEN, SIGNING_SECRET])
      expect(service.stdout + service.stderr + poll.stdout + poll.stderr).not.toContain(secret);
  });
});

describe.each(['http', 'socket'] as const)('a failing Slack channel (%s mode)', (mode) => {
  it('is flagged with the reason the status shows, and /ree subscribe in it switches delivery back on', async () => {
    const fake = await TestSlackServer.start({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
    cleanups.push(() => fake.close());
    // A month after October 2025 closed, when Comtrade has its figures.
    const clock = new FakeClock(Date.parse('2025-11-20T06:00:00Z'));
    const comtrade = await startComtradeFixture(magnetMonthsEndingInADrop(clock.now()), {
      clock,
      listed: 24,
    });
    cleanups.push(() => comtrade.close());
    // The default watchlists, with reminders every 7 days for the one this channel follows.
    const watchlists = join(tempDir(), 'watchlists.yaml');
    writeFileSync(
      watchlists,
      readFileSync(WATCHLISTS, 'utf8').replace(
        '- id: china-india-magnets\n',
        '- id: china-india-magnets\n  repeat: 7d\n',
      ),
    );
    const config = loadConfig({
      DATABASE_PATH: join(tempDir(), 'ree.db'),
      WATCHLISTS_FILE: watchlists,
      PORT: '0',
      HOST: '127.0.0.1',
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
      ...(mode === 'socket' ? { SLACK_APP_TOKEN: APP_TOKEN } : {}),
      ...sourceUrlsAt(comtrade),
    });
    const app = await App.open({
      config,
      logger: silentLogger(),
      clock,
      sleep: clock.sleep,
      metrics: new Metrics({ processMetrics: false }),
    });
    cleanups.push(() => app.stop());
    const { port } = await app.start();
    const eventsUrl = `http://127.0.0.1:${port}/slack/events`;
    const ask = (text: string) => slashCommand(fake, mode, eventsUrl, text, clock.now(), 'C0GONE');
    const gone = { platform: 'slack' as const, channel: 'C0GONE' };

    await ask('subscribe china-india-magnets');
    fake.answerNextPosts({ error: 'not_in_channel' });
    // Two polls backfill the 24 months (12 a poll), so the year-on-year rule has its month too.
    await app.poll({ source: 'comtrade' });
    await app.poll({ source: 'comtrade' });
    await app.evaluate();

    const reason = 'not_in_channel: the bot is not in this channel: invite it with /invite @ree-watch';
    await expect
      .poll(async () => (await app.storage.subscriptions.channelHealth(gone))?.status, { timeout: 10_000 })
      .toBe('failing');
    expect(await app.storage.subscriptions.channelHealth(gone)).toMatchObject({ reason });
    // One refused attempt; the chart queued behind it was failed without a request.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.methods().filter((method) => method === 'chat.postMessage')).toHaveLength(1);
    expect(fake.methods().filter((method) => method.startsWith('files.'))).toEqual([]);

    for (const command of ['status', 'subscriptions']) {
      const answer = JSON.stringify(await ask(command));
      expect(answer).toContain(`Reason: ${reason}.`);
    }

    // Someone invites the bot back and subscribes again: delivery is switched back on, and says so.
    const resumed = await ask('subscribe china-india-magnets');
    expect(resumed).toMatchObject({ response_type: 'in_channel' });
    expect(String(resumed.text)).toContain('Alerts will be sent to this channel again');
    expect(JSON.stringify(resumed.blocks)).toContain('It is switched back on');
    expect(await app.storage.subscriptions.channelHealth(gone)).toMatchObject({ status: 'ok', reason: null });
    expect(JSON.stringify(await ask('status'))).toContain('Alerts are being delivered');

    // The next reminder reaches the channel.
    clock.advance(7 * DAY_MS + 60_000);
    await app.evaluate();
    const reminder = await fake.waitFor(() => fake.posts[0], 'the reminder');
    expect(reminder.channel).toBe('C0GONE');
    expect(reminder.text).toContain('Rare-earth watch: 1 series still falling');
  });
});

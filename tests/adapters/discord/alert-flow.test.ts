import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../src/app.js';
import { loadConfig } from '../../../src/config.js';
import { Metrics } from '../../../src/metrics.js';
import { capturingLogger } from '../../helpers/capture.js';
import {
  magnetMonthsEndingInADrop,
  sourceUrlsAt,
  startComtradeFixture,
} from '../../helpers/comtrade-fixture.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { openTestStorage } from '../../helpers/storage.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { IDS, PERMISSIONS, TestDiscordServer } from '../../helpers/test-discord-server.js';

const tempDir = useTempDir();
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

// A month after October 2025 closed; Comtrade's figures for it are in.
const NOW = Date.parse('2025-11-20T06:00:00Z');

interface Embed {
  title?: string;
  url?: string;
  description?: string;
  fields?: { name: string; value: string }[];
  image?: { url: string };
  footer?: { text: string };
}

/*
 * Issue 7's flow with the real App, command registry, alert engine, outbox and discord.js client:
 * the default watchlists, a member without Manage Channels is refused (and the refusal recorded), a
 * moderator subscribes with the typed `watchlists` option, the scheduled trade poll fetches a month
 * from a loopback Comtrade that crosses the thresholds, and the channel gets one alert message whose
 * embeds carry the numbers, then the chart of the series.
 */
describe('Discord alert flow: /ree subscribe, a poll crosses the threshold, one alert arrives', () => {
  it('refuses a member without Manage Channels, subscribes for a moderator, and delivers the drop once', async () => {
    const fake = await TestDiscordServer.start();
    cleanup.push(() => fake.close());
    const clock = new FakeClock(NOW);
    const comtrade = await startComtradeFixture(magnetMonthsEndingInADrop(NOW), { clock });
    cleanup.push(() => comtrade.close());
    const dir = tempDir();
    const config = loadConfig({
      DATABASE_PATH: join(dir, 'ree.db'),
      WATCHLISTS_FILE: 'config/watchlists.yaml',
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: IDS.application,
      DISCORD_API_URL: fake.apiUrl,
      ...sourceUrlsAt(comtrade),
    });
    const { logger, output } = capturingLogger([], 'trace');
    const storage = await openTestStorage({ path: config.databasePath, clock });
    const app = await App.open({
      config,
      logger,
      clock,
      sleep: clock.sleep,
      metrics: new Metrics({ processMetrics: false }),
      storage,
    });
    cleanup.push(() => app.stop());
    await app.startChatAdapters({ interactive: true });
    const channel = { platform: 'discord' as const, channel: IDS.channel };
    const callback = async (id: string) =>
      (
        (await fake.waitForRequest((request) => request.path.startsWith(`/interactions/${id}/`))).body as {
          data: { flags?: number; embeds: Embed[] };
        }
      ).data;

    const refused = fake.sendInteraction({
      subcommand: 'subscribe',
      options: { watchlists: 'china-india-magnets' },
      permissions: PERMISSIONS.member,
    });
    const refusal = await callback(refused.id);
    expect(refusal.flags).toBe(64); // only the member sees it
    expect(refusal.embeds[0]?.title).toBe('Not allowed');
    expect(refusal.embeds[0]?.description).toContain(
      'Changing what this channel receives needs the Manage Channels permission.',
    );
    expect(await app.storage.subscriptions.forChannel(channel)).toEqual([]);
    expect(await storage.sql.all('SELECT watchlist, action, actor, detail FROM subscription_events')).toEqual(
      [{ watchlist: null, action: 'refused:subscribe', actor: IDS.user, detail: 'china-india-magnets' }],
    );

    const allowed = fake.sendInteraction({
      subcommand: 'subscribe',
      options: { watchlists: 'china-india-magnets' },
      permissions: PERMISSIONS.moderator,
    });
    const confirmation = await callback(allowed.id);
    expect(confirmation.flags).toBeUndefined(); // confirmed in the channel
    expect(confirmation.embeds[0]?.title).toBe('This channel now follows china-india-magnets');
    expect(await app.storage.subscriptions.forChannel(channel)).toMatchObject([
      { watchlist: 'china-india-magnets', createdBy: IDS.user },
    ]);

    // What the service runs on POLL_CRON: fetch the trade sources, then evaluate and deliver.
    const pollTrade = app.jobs().find((job) => job.name === 'poll-trade');
    await pollTrade?.run(new AbortController().signal);

    const posts = fake.requestsTo('POST', /^\/channels\/\d+\/messages$/);
    expect(posts.map((post) => post.path)).toEqual([
      `/channels/${IDS.channel}/messages`,
      `/channels/${IDS.channel}/messages`,
    ]);
    const [alert, chart] = posts.map((post) => post.body as { embeds: Embed[]; allowed_mentions: unknown });
    expect(alert?.allowed_mentions).toEqual({ parse: [] });
    // One embed for the series: the strongest signal as its title, every comparison the stored months
    // allow in one line, then the source; linked to the series at UN Comtrade.
    expect(alert?.embeds).toHaveLength(1);
    expect(alert?.embeds[0]?.title).toBe(
      "▼ China → India rare-earth magnet exports fell to $5.46 M in October 2025, -60% on September's $13.6 M",
    );
    expect(alert?.embeds[0]?.description?.split('\n')[0]).toBe('-60% m/m ($13.6 M) ▼');
    expect(alert?.embeds[0]?.url).toMatch(
      /^https:\/\/comtradeplus\.un\.org\/TradeFlow\?.*Partners=699&Reporters=156/,
    );
    // Then the chart of the series, as a PNG attachment.
    expect(posts[0]?.files).toEqual([]);
    expect(posts[1]?.files).toEqual([{ name: 'china-india-magnets-24m.png', size: expect.any(Number) }]);
    expect(chart?.embeds[0]?.image?.url).toBe('attachment://china-india-magnets-24m.png');

    // The same data again: nothing new to say.
    await pollTrade?.run(new AbortController().signal);
    expect(fake.requestsTo('POST', /^\/channels\/\d+\/messages$/)).toHaveLength(2);
    expect(output.text).not.toContain(fake.token);
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../../src/app.js';
import type { CommandDefinition } from '../../../src/commands/command.js';
import { loadConfig } from '../../../src/config.js';
import { Metrics } from '../../../src/metrics.js';
import { reply } from '../../../src/render/reply.js';
import { capturingLogger } from '../../helpers/capture.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import { FakeDiscordServer, IDS, PERMISSIONS } from '../../helpers/fake-discord-server.js';
import { useTempDir } from '../../helpers/temp-dir.js';

const tempDir = useTempDir();
let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

/** A watchlist on the series the published figures describe (FIGURES.md §A: China → world, HS 850511, t). */
const WATCHLIST = `
- id: china-world-magnets
  title: China → world rare-earth magnet exports
  kind: trade
  source: gacc
  reporter: CN
  partner: World
  flow: export
  hs: ["850511"]
  measure: weight
  rules:
    - { type: drop, compare: previous-month, percent: 20 }
`;

/** Stands in for issue 8's /ree subscribe, registered through the registry as any command would be. */
const subscribeCommand: CommandDefinition = {
  name: 'test-subscribe',
  summary: 'Subscribe this channel',
  usage: 'test-subscribe <watchlist>',
  examples: [],
  changesChannel: true,
  options: [{ name: 'watchlist', description: 'id', type: 'string', required: true, positional: true }],
  run(args, { invocation, services }) {
    const { added } = services.subscriptions.subscribe(
      { platform: invocation.platform, channel: invocation.channelId },
      args.positional,
      invocation.userId,
      services.clock.now(),
    );
    return reply('Subscribed', [`Now following ${added.join(', ')}.`]);
  },
};

/*
 * Issue 7's flow with the real App, alert engine, outbox and discord.js client against the fake
 * Discord: a moderator subscribes the channel with a slash command, a new month arrives that crosses
 * the threshold, and the channel gets one message whose embed carries the numbers. Two stand-ins
 * remain until issues 8 and 4 land: the subscribe command above, and the observations written
 * straight into the store where `ree-watch poll` (the GACC/CSV source) would write them.
 */
describe('Discord alert flow: subscribe, a month crosses the threshold, one embed arrives', () => {
  it('delivers the drop from 2,627 t (April 2025) to 1,238 t (May 2025) to the subscribed channel', async () => {
    const fake = await FakeDiscordServer.start();
    cleanup.push(() => fake.close());
    const dir = tempDir();
    writeFileSync(join(dir, 'watchlists.yaml'), WATCHLIST);
    const config = loadConfig({
      DATABASE_PATH: join(dir, 'ree.db'),
      WATCHLISTS_FILE: join(dir, 'watchlists.yaml'),
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: IDS.application,
      DISCORD_API_URL: fake.apiUrl,
    });
    const { logger, output } = capturingLogger([], 'trace');
    const app = new App({
      config,
      logger,
      clock: new FakeClock(Date.parse('2025-06-20T06:00:00Z')),
      metrics: new Metrics({ processMetrics: false }),
    });
    cleanup.push(() => app.stop());
    app.registry.register(subscribeCommand);
    await app.startChatAdapters({ interactive: true });

    const refused = fake.sendInteraction({
      subcommand: 'test-subscribe',
      options: { watchlist: 'china-world-magnets' },
      permissions: PERMISSIONS.member,
    });
    await fake.waitForRequest((request) => request.path.startsWith(`/interactions/${refused.id}/`));
    const allowed = fake.sendInteraction({
      subcommand: 'test-subscribe',
      options: { watchlist: 'china-world-magnets' },
      permissions: PERMISSIONS.moderator,
    });
    await fake.waitForRequest((request) => request.path.startsWith(`/interactions/${allowed.id}/`));
    expect(app.subscriptions.forChannel({ platform: 'discord', channel: IDS.channel })).toMatchObject([
      { watchlist: 'china-world-magnets', createdBy: IDS.user },
    ]);

    // What an ingest of the GACC figures stores: April and May 2025, in kg.
    const series = app.db
      .prepare(
        "INSERT INTO series (source, reporter, partner, flow, hs, unit) VALUES ('gacc', 'CN', 'WORLD', 'export', '850511', 'kg') RETURNING id",
      )
      .get() as { id: number };
    const observe = app.db.prepare(
      "INSERT INTO observations (series_id, period, value, status, fetched_at, updated_at) VALUES (?, ?, ?, 'reported', ?, ?)",
    );
    const at = Date.parse('2025-06-20T06:00:00Z');
    observe.run(series.id, '2025-04', 2_627_000, at, at);
    observe.run(series.id, '2025-05', 1_238_000, at, at);

    const { cycle, delivery } = await app.evaluateAndDeliver({ waitUpToMs: 5_000 });
    expect(delivery.delivered).toBe(1);
    expect(cycle).toMatchObject({ enqueued: 1 });

    const posts = fake.requestsTo('POST', /^\/channels\/\d+\/messages$/);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.path).toBe(`/channels/${IDS.channel}/messages`);
    const body = posts[0]?.body as {
      embeds: { title?: string; description?: string; fields?: { name: string; value: string }[] }[];
      allowed_mentions: unknown;
      nonce?: string;
    };
    expect(body.allowed_mentions).toEqual({ parse: [] });
    expect(body.nonce).toBeDefined();
    expect(body.embeds).toHaveLength(1);
    expect(body.embeds[0]?.description).toMatch(
      /fell 53% in May 2025: 1,238 t, down from 2,627 t in April 2025/,
    );
    expect(body.embeds[0]?.fields).toEqual(
      expect.arrayContaining([
        { name: 'From', value: expect.stringMatching(/^2,627 t/), inline: true },
        { name: 'To', value: expect.stringMatching(/^1,238 t/), inline: true },
        { name: 'Change', value: '-53%', inline: true },
        { name: 'Period', value: 'May 2025', inline: true },
      ]),
    );
    expect(output.text).not.toContain(fake.token);
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { Metrics } from '../../src/metrics.js';
import { SubscriptionStore } from '../../src/store/subscriptions.js';
import { expectWithinSlackLimits } from '../helpers/block-kit-limits.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { FakeSlackServer } from '../helpers/fake-slack-server.js';
import { seedMonths } from '../helpers/seed.js';
import { postToSlackEvents, signedForm } from '../helpers/slack-requests.js';
import { useTempDir } from '../helpers/temp-dir.js';

const BOT_TOKEN = 'xoxb-alerts-bot-token';
const APP_TOKEN = 'xapp-alerts-app-token';
const SIGNING_SECRET = 'alerts-signing-secret-0123456789';

// China's rare-earth magnet exports (HS 850511) to the world, GACC data as reported by Reuters/SMM
// (research/fixtures/FIGURES.md, table A): April 2025 2,627 t, May 2025 1,238.47 t, "down 52.9%".
const WATCHLISTS = `
- id: china-world-magnets
  title: China → world rare-earth magnet exports
  kind: trade
  source: gacc
  reporter: CN
  partner: World
  flow: export
  measure: weight
  hs: ["850511"]
  rules:
    - { type: drop, compare: previous-month, percent: 20 }
`;

const tempDir = useTempDir();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startApp(mode: 'http' | 'socket') {
  const fake = await FakeSlackServer.start({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
  cleanups.push(() => fake.close());
  const dir = tempDir();
  writeFileSync(join(dir, 'watchlists.yaml'), WATCHLISTS);
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'ree.db'),
    WATCHLISTS_FILE: join(dir, 'watchlists.yaml'),
    PORT: '0',
    HOST: '127.0.0.1',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    ...(mode === 'socket' ? { SLACK_APP_TOKEN: APP_TOKEN } : {}),
  });
  // The day after customs published May's figures.
  const clock = new FakeClock(Date.parse('2025-06-21T06:00:00Z'));
  const app = new App({
    config,
    logger: silentLogger(),
    clock,
    metrics: new Metrics({ processMetrics: false }),
  });
  cleanups.push(() => app.stop());
  const { port } = await app.start();
  return { app, fake, clock, eventsUrl: `http://127.0.0.1:${port}/slack/events` };
}

describe.each(['http', 'socket'] as const)('Slack alerts through the real engine (%s mode)', (mode) => {
  it('a drop crossing the threshold reaches the subscribed channel as exactly one chat.postMessage with its numbers', async () => {
    const { app, fake, clock, eventsUrl } = await startApp(mode);

    // Commands work in this mode (the same app that will send the alert).
    if (mode === 'http') {
      const response = await postToSlackEvents(
        eventsUrl,
        signedForm(fake.slashCommand('help'), SIGNING_SECRET, clock.now()),
      );
      expect(response.status).toBe(200);
    } else {
      await fake.sendSlashCommand(fake.slashCommand('help'));
    }
    await fake.waitFor(() => fake.responses[0], 'the /ree help reply');

    // Stands in for a signed "/ree subscribe china-world-magnets" until the subscribe command lands.
    new SubscriptionStore(app.db).subscribe(
      { platform: 'slack', channel: 'C0ALERTS' },
      ['china-world-magnets'],
      'U0ALICE',
      clock.now(),
    );
    seedMonths(
      app.db,
      { '2025-04': 2_627_000, '2025-05': 1_238_470 },
      { source: 'gacc', partner: 'WORLD', unit: 'kg' },
    );

    expect(app.evaluate()).toMatchObject({ enqueued: 1 });
    const post = await fake.waitFor(() => fake.posts[0], 'the alert at chat.postMessage');
    expect(post.channel).toBe('C0ALERTS');
    expectWithinSlackLimits({ text: post.text, blocks: post.blocks });
    // The notification text and the blocks both carry the numbers.
    expect(post.text).toContain('fell 53% in May 2025: 1,238 t, down from 2,627 t in April 2025');
    const blocks = JSON.stringify(post.blocks);
    for (const figure of [
      '*From*\\n2,627 t (April 2025)',
      '*To*\\n1,238 t',
      '*Change*\\n-53%',
      '*Period*\\nMay 2025',
    ]) {
      expect(blocks).toContain(figure);
    }
    expect(blocks).toContain('(china-world-magnets)');

    // The same data again: nothing new to say.
    expect(app.evaluate()).toMatchObject({ enqueued: 0 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.posts).toHaveLength(1);
  });

  it("a channel the bot was removed from is flagged failing with Slack's reason and advice, and not retried", async () => {
    const { app, fake, clock } = await startApp(mode);
    fake.answerNextPosts({ error: 'not_in_channel' });
    new SubscriptionStore(app.db).subscribe(
      { platform: 'slack', channel: 'C0GONE' },
      ['china-world-magnets'],
      'U0ALICE',
      clock.now(),
    );
    seedMonths(
      app.db,
      { '2025-04': 2_627_000, '2025-05': 1_238_470 },
      { source: 'gacc', partner: 'WORLD', unit: 'kg' },
    );
    app.evaluate();

    const health = await fake.waitFor(
      () => app.subscriptions.channelHealth({ platform: 'slack', channel: 'C0GONE' }),
      'the channel to be flagged',
    );
    expect(health).toMatchObject({
      status: 'failing',
      reason: 'not_in_channel: the bot is not in this channel: invite it with /invite @ree-watch',
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(fake.methods().filter((method) => method === 'chat.postMessage')).toHaveLength(1);
    expect(fake.posts).toEqual([]);
  });
});

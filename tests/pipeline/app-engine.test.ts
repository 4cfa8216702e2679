import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { Metrics } from '../../src/metrics.js';
import { HOUR_MS } from '../../src/model/time.js';
import { Capture } from '../helpers/capture.js';
import { TEST_WATCHLISTS } from '../helpers/engine.js';
import { FakeChatAdapter } from '../helpers/fake-chat-adapter.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { seedMonths, subscribeAll } from '../helpers/seed.js';
import { openTestStorage } from '../helpers/storage.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const apps: App[] = [];
afterEach(async () => {
  for (const app of apps.splice(0)) await app.stop();
});

function setup() {
  const dir = tempDir();
  const watchlistsFile = join(dir, 'watchlists.yaml');
  writeFileSync(watchlistsFile, TEST_WATCHLISTS);
  const config = loadConfig({
    DATABASE_PATH: join(dir, 'ree.db'),
    WATCHLISTS_FILE: watchlistsFile,
    PORT: '0',
    HOST: '127.0.0.1',
  });
  const clock = new FakeClock(Date.parse('2025-06-20T00:00:00Z'));
  /** The app, and its database as a test reads and seeds it. */
  const open = async (options: { adapters?: FakeChatAdapter[]; stdout?: Capture } = {}) => {
    const db = await openTestStorage({ path: config.databasePath, clock });
    const app = await App.open({
      config,
      logger: silentLogger(),
      clock,
      metrics: new Metrics({ processMetrics: false }),
      chatAdapters: options.adapters,
      stdout: options.stdout,
      storage: db,
    });
    apps.push(app);
    return { app, db };
  };
  return { clock, open };
}

describe('App: evaluate → outbox → deliver', () => {
  it('a process killed between the outbox write and the send delivers after restart, once', async () => {
    const { clock, open } = setup();
    const before = new FakeChatAdapter('slack', clock);
    const { app: first, db } = await open({ adapters: [before] });
    await first.startChatAdapters({ interactive: false });
    await subscribeAll(db, 'slack', ['C1', 'C2'], ['china-india-magnets']);
    await seedMonths(db, { '2025-03': 100, '2025-04': 42 });
    expect(await first.evaluate()).toMatchObject({ enqueued: 2 });
    // "Killed": the database is closed with the messages written but nothing sent.
    await db.close();
    apps.splice(apps.indexOf(first), 1);
    expect(before.sends).toEqual([]);

    const after = new FakeChatAdapter('slack', clock);
    const { app: second } = await open({ adapters: [after] });
    await second.startChatAdapters({ interactive: false });
    expect(await second.storage.deliveryStatus.pendingCount()).toBe(2);
    expect(await second.deliver()).toMatchObject({ delivered: 2 });
    clock.advance(6 * HOUR_MS);
    expect(await second.evaluate()).toMatchObject({ enqueued: 0 });
    expect(await second.deliver()).toMatchObject({ delivered: 0, nextDueAt: null });
    expect(after.sends.map((send) => send.channel).sort()).toEqual(['C1', 'C2']);
    expect(await second.storage.alerts.activeCounts()).toEqual(new Map([['china-india-magnets', 1]]));
    expect(await second.metrics.render()).toMatch(/^ree_outbox_depth 0$/m);
  });

  it('the service sends what evaluate() queues without being asked, and stop() is graceful', async () => {
    const { clock, open } = setup();
    const slack = new FakeChatAdapter('slack', clock);
    const { app, db } = await open({ adapters: [slack] });
    await app.start();
    expect(slack.started).toBe(1);
    await subscribeAll(db, 'slack', ['C1'], ['china-india-magnets']);
    await seedMonths(db, { '2025-03': 100, '2025-04': 42 });
    await app.evaluate();
    await expect.poll(() => slack.delivered().length, { timeout: 10_000 }).toBe(1);
    await app.stop();
    expect(slack.stopped).toBe(1);
    expect(slack.sends).toHaveLength(1);
  });

  it('evaluates with no chat adapter running; the console adapter prints the alert once one runs', async () => {
    const { open } = setup();
    const stdout = new Capture();
    const { app, db } = await open({ stdout });
    await subscribeAll(db, 'console', ['console'], ['china-india-magnets']);
    await seedMonths(db, { '2025-03': 100, '2025-04': 42 });
    // Nothing is rendered while evaluating: the alert is recorded and queued for the console.
    expect(app.chatAdapters.size).toBe(0);
    expect(await app.evaluate()).toMatchObject({ series: { enter: 1 }, enqueued: 1 });
    expect(stdout.text).toBe('');
    expect(await app.evaluateAndDeliver({ waitUpToMs: 1_000 })).toMatchObject({
      cycle: { enqueued: 0 },
      delivery: { delivered: 1, nextDueAt: null },
    });
    expect(stdout.text).toContain(
      [
        '── #console ──',
        'Rare-earth watch: 1 series fell',
        '',
        "▼ China → India rare-earth magnet exports fell to $42 in April 2025, -58% on March's $100",
        '  -58% m/m ($100) ▼',
        '  [china-india-magnets] new alert · UN Comtrade — https://comtradeplus.un.org/TradeFlow?Frequency=M&Flows=X&CommodityCodes=850511&Partners=699&Reporters=156&period=2025&AggregateBy=none&BreakdownMode=plus',
      ].join('\n'),
    );
  });
});

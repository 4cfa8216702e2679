// The service with Slack and Discord configured against the fakes, channels subscribed to one
// watchlist and one new notice that matches it: one alert, fanned out by the real alert cycle,
// outbox sender and adapters. A notice rather than a trade drop: a drop alert brings its chart as a
// second post, which would double the messages without exercising another limit.
import { App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger, silentLogger } from '../../src/logger.js';
import { MIGRATIONS, type MigrationResult } from '../../src/store/migrations/index.js';
import { openPostgres } from '../../src/store/postgres/pg-driver.js';
import type { Driver } from '../../src/store/sql.js';
import { openSqlite } from '../../src/store/sqlite/driver.js';
import { createStorage } from '../../src/store/storage.js';
import { markFirstPollsDone } from '../lib/first-polls.js';
import { WarpClock } from '../lib/warp-clock.js';
import { WORKLOAD_NOW } from '../workload/trade.js';
import { reply, serve } from './ipc.js';

const WATCHLIST = 'china-export-controls';
const slackChannels = Number(process.env.SLACK_CHANNELS);
const discordChannels = Number(process.env.DISCORD_CHANNELS);

// Real time from the workload's date, so the notice is fresh and the sender paces in real seconds.
// Replicas share the origin (CLOCK_ORIGIN, the parent's Date.now()), so their clocks agree.
const origin = Number(process.env.CLOCK_ORIGIN ?? Date.now());
const clock = new WarpClock(WORKLOAD_NOW + (Date.now() - origin));
const config = loadConfig(process.env);
// The storage the service would open, opened here so the outcome can be counted in SQL at the end.
async function openDriver(): Promise<{ driver: Driver; migration: MigrationResult }> {
  if (config.databaseUrl)
    return openPostgres(
      { url: config.databaseUrl, poolSize: config.databasePoolSize, logger: silentLogger() },
      MIGRATIONS,
      () => clock.now(),
    );
  const sqlite = await openSqlite(config.databasePath, { clock });
  return { driver: sqlite, migration: sqlite.migration };
}
const { driver, migration } = await openDriver();
const app = await App.open({
  config,
  logger: createLogger({ level: config.logLevel, secrets: config.secrets }),
  clock,
  storage: createStorage(driver, migration),
});

await markFirstPollsDone(app, clock);

// A second replica (ROLE=replica, same DATABASE_URL): it only runs the service, sending its share.
if (process.env.ROLE === 'replica') {
  await app.start();
  reply({ type: 'ready' });
  serve({
    stop: async () => {
      await app.stop();
      process.exit(0);
    },
  });
} else await seedAndServe();

async function seedAndServe(): Promise<void> {
  await app.storage.notices.upsert(
    [
      {
        source: 'mofcom',
        id: '/article/zwgk/gkzcfb/bench-0001.shtml',
        title: 'Announcement on export control measures for medium and heavy rare earth items',
        url: 'http://www.mofcom.gov.cn/article/zwgk/gkzcfb/bench-0001.shtml',
        publishedAt: WORKLOAD_NOW - 86_400_000,
        agency: 'Ministry of Commerce',
        summary: null,
      },
    ],
    clock.now(),
  );
  const subscribedAt = clock.now();
  for (let index = 0; index < slackChannels; index++)
    await app.storage.subscriptions.subscribe(
      { platform: 'slack', channel: `C${(0x10000000 + index).toString(36).toUpperCase()}` },
      [WATCHLIST],
      'U0BENCH',
      subscribedAt,
    );
  for (let index = 0; index < discordChannels; index++)
    await app.storage.subscriptions.subscribe(
      { platform: 'discord', channel: String(1_300_000_000_000_000_000n + BigInt(index)) },
      [WATCHLIST],
      '1400000000000000004',
      subscribedAt,
    );

  await app.start();
  // An alert comes from a poll, not at start-up: let the start-up requests (Discord's GET /gateway/bot
  // counts towards the same 50 a second) leave the platforms' windows first.
  await new Promise((resolve) => setTimeout(resolve, 2_000));
  reply({ type: 'ready' });

  serve({
    fanout: async () => {
      const startedAt = Date.now();
      const cycle = await app.evaluate();
      // The service's own delivery loop sends; wait until the outbox has nothing left.
      for (;;) {
        const pending = await app.storage.deliveryStatus.pendingCount();
        if (pending === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const outcomes = await driver.sql.all<{ platform: string; state: string; n: number }>(
        'SELECT platform, state, COUNT(*) AS n FROM outbox GROUP BY platform, state',
      );
      return { type: 'fanned-out', startedAt, enqueued: cycle.enqueued, outcomes };
    },
    stop: async () => {
      await app.stop();
      process.exit(0);
    },
  });
}

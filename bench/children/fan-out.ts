// The service with Slack and Discord configured against the fakes, channels subscribed to one
// watchlist and trade data that makes one of its rules fire: one alert, fanned out by the real alert
// cycle, outbox sender and adapters.
import { App } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { recentMonths } from '../../src/sources/parse.js';
import { WarpClock } from '../lib/warp-clock.js';
import { WORKLOAD_NOW } from '../workload/trade.js';
import { reply, serve } from './ipc.js';

const WATCHLIST = 'china-india-magnets';
const slackChannels = Number(process.env.SLACK_CHANNELS);
const discordChannels = Number(process.env.DISCORD_CHANNELS);

// Real time from the workload's date, so the data is fresh and the sender paces in real seconds.
const clock = new WarpClock(WORKLOAD_NOW);
const config = loadConfig(process.env);
const app = new App({
  config,
  logger: createLogger({ level: config.logLevel, secrets: config.secrets }),
  clock,
});

// 24 months of China → India magnet exports: flat, a jump, then back (-29 % on the month): of the
// watchlist's rules only "drop vs previous month, 20 %" fires.
const months = recentMonths(WORKLOAD_NOW, 24);
app.observations.upsert(
  months.map((period, index) => ({
    source: 'comtrade',
    reporter: 'CN',
    partner: 'IN',
    flow: 'export' as const,
    hs: '850511',
    period,
    value: index === months.length - 2 ? 1_400_000 : 1_000_000,
    unit: 'USD' as const,
    status: 'reported' as const,
    fetchedAt: clock.now(),
  })),
);
const subscribedAt = clock.now();
for (let index = 0; index < slackChannels; index++)
  app.subscriptions.subscribe(
    { platform: 'slack', channel: `C${(0x10000000 + index).toString(36).toUpperCase()}` },
    [WATCHLIST],
    'U0BENCH',
    subscribedAt,
  );
for (let index = 0; index < discordChannels; index++)
  app.subscriptions.subscribe(
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
    const cycle = app.evaluate();
    // The service's own delivery loop sends; wait until the outbox has nothing left.
    for (;;) {
      const pending = app.deliveryStatus.pendingCount();
      if (pending === 0) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const outcomes = app.db
      .prepare('SELECT platform, state, COUNT(*) AS n FROM outbox GROUP BY platform, state')
      .all() as { platform: string; state: string; n: number }[];
    return { type: 'fanned-out', startedAt, enqueued: cycle.enqueued, outcomes };
  },
  stop: async () => {
    await app.stop();
    process.exit(0);
  },
});

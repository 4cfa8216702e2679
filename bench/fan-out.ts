import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchChild, type ChildMessage } from './lib/child.js';
import type { RateWindow } from './lib/fakes.js';
import { formatMs } from './lib/stats.js';
import type { BenchResult } from './report.js';

/**
 * What the fakes enforce. Slack: "1 message per second per channel" (docs.slack.dev, chat.postMessage
 * rate limits) and a workspace-wide limit Slack does not publish; the fake enforces 5 a second
 * (300 a minute), the figure ree-watch assumes. Discord: 50 requests a second per bot (global) and
 * 5 messages per 5 s per channel (the bucket Discord reports in X-RateLimit headers).
 */
export const ENFORCED = {
  slack: { perChannel: { limit: 1, windowMs: 1_000 }, workspace: { limit: 5, windowMs: 1_000 } },
  discord: { global: { limit: 50, windowMs: 1_000 }, perChannel: { limit: 5, windowMs: 5_000 } },
} as const;

/** The least time from the first to the last of `messages` sends when at most `window.limit` go per window. */
export function minimumSpanMs(messages: number, window: RateWindow): number {
  return messages === 0 ? 0 : (Math.ceil(messages / window.limit) - 1) * window.windowMs;
}

interface PlatformStats {
  accepted: number;
  channels: number;
  perChannel: Record<string, number>;
  firstAt: number | null;
  lastAt: number | null;
  attempts: number;
  rateLimited: number;
}

/**
 * fan-out: one alert for a watchlist followed by `slack` Slack and `discord` Discord channels, from
 * the alert cycle through the outbox sender and the real adapters to fakes that enforce the
 * platforms' limits. Baseline: the least time those limits allow (platforms in parallel).
 */
export async function benchFanOut(
  slack: number,
  discord: number,
  note?: string,
  /** "fan-out, 2 replicas": a second service on the same PostgreSQL database sends its share. */
  replicas?: { databaseUrl: string },
): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'ree-bench-fanout-'));
  const fakes = BenchChild.tsx('chat-fakes', { LIMITS: JSON.stringify(ENFORCED) });
  let service: BenchChild | undefined;
  let second: BenchChild | undefined;
  try {
    const urls = await fakes.next<
      ChildMessage & { slackApiUrl: string; discordApiUrl: string; discordToken: string }
    >('ready');
    const env = {
      SLACK_CHANNELS: String(slack),
      DISCORD_CHANNELS: String(discord),
      ...(replicas ? { DATABASE_URL: replicas.databaseUrl } : { DATABASE_PATH: join(dir, 'ree.db') }),
      // One origin for every replica's clock, so that they agree on the time.
      CLOCK_ORIGIN: String(Date.now()),
      WATCHLISTS_FILE: fileURLToPath(new URL('../config/watchlists.yaml', import.meta.url)),
      SLACK_BOT_TOKEN: 'xoxb-fake-bot-token',
      SLACK_SIGNING_SECRET: 'bench-signing-secret',
      SLACK_API_URL: urls.slackApiUrl,
      DISCORD_TOKEN: urls.discordToken,
      DISCORD_APPLICATION_ID: '1100000000000000001',
      DISCORD_API_URL: urls.discordApiUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      POLL_CRON: '0 0 1 1 *',
      NOTICE_POLL_CRON: '0 0 1 1 *',
    };
    service = BenchChild.bundled('fan-out', { ...env, REPLICA_ID: 'replica-a' });
    await service.next('ready', 120_000);
    if (replicas) {
      second = BenchChild.bundled('fan-out', { ...env, REPLICA_ID: 'replica-b', ROLE: 'replica' });
      await second.next('ready', 120_000);
    }
    const done = await service.request<
      ChildMessage & {
        startedAt: number;
        enqueued: number;
        outcomes: { platform: string; state: string; n: number }[];
      }
    >({ type: 'fanout' }, 'fanned-out', 1_800_000);
    const stats = await fakes.request<ChildMessage & { slack: PlatformStats; discord: PlatformStats }>(
      { type: 'stats' },
      'stats',
    );

    const expected = {
      slack: done.outcomes.filter((o) => o.platform === 'slack').reduce((n, o) => n + o.n, 0),
      discord: done.outcomes.filter((o) => o.platform === 'discord').reduce((n, o) => n + o.n, 0),
    };
    // One alert is one message in each subscribed channel: fewer is a loss, more a duplicate.
    let lost = 0;
    let duplicates = 0;
    for (const platform of ['slack', 'discord'] as const) {
      const channels = platform === 'slack' ? slack : discord;
      const got = Object.values(stats[platform].perChannel);
      lost += channels - got.length;
      for (const count of got) {
        if (count > 1) duplicates += count - 1;
        else lost += 1 - count;
      }
    }
    const minimum = Math.max(
      minimumSpanMs(expected.slack, ENFORCED.slack.workspace),
      minimumSpanMs(expected.discord, ENFORCED.discord.global),
    );
    const lastAt = Math.max(stats.slack.lastAt ?? 0, stats.discord.lastAt ?? 0);
    const measured = lastAt - done.startedAt;
    const attempts = stats.slack.attempts + stats.discord.attempts;
    const rateLimited = stats.slack.rateLimited + stats.discord.rateLimited;
    const share = attempts === 0 ? 0 : rateLimited / attempts;
    const ratio = measured > 0 ? minimum / measured : 0;
    const platformTime = (platform: 'slack' | 'discord') =>
      stats[platform].lastAt === null ? '–' : formatMs((stats[platform].lastAt as number) - done.startedAt);
    return {
      name: replicas ? 'fan-out, 2 replicas' : 'fan-out',
      workload: `one alert → ${slack} Slack + ${discord} Discord channels${replicas ? ' from two services on one PostgreSQL (limits shared in the database, slots 5 % wider, no bursts)' : ''}, fakes enforce Slack 1/s per channel + 5/s workspace, Discord 50/s global${note ? ` (${note})` : ''}`,
      measured: `${formatMs(measured)} (Slack ${platformTime('slack')}, Discord ${platformTime('discord')}); lost ${lost}, duplicates ${duplicates}, 429s ${(share * 100).toFixed(2)} % (${rateLimited}/${attempts})`,
      baseline: `${formatMs(minimum)} (least time the enforced limits allow)`,
      ratio,
      target: '≥ 0.9 of allowed rate; 0 lost; 0 duplicates; 429s ≤ 1 %',
      pass: ratio >= 0.9 && lost === 0 && duplicates === 0 && share <= 0.01,
      errors: [
        ...(lost > 0 ? [`${lost} messages lost`] : []),
        ...(duplicates > 0 ? [`${duplicates} duplicate messages`] : []),
      ],
      details: {
        measuredMs: measured,
        minimumMs: minimum,
        lost,
        duplicates,
        slack429: stats.slack.rateLimited,
        slackAttempts: stats.slack.attempts,
        discord429: stats.discord.rateLimited,
        discordAttempts: stats.discord.attempts,
        slackMessages: expected.slack,
        discordMessages: expected.discord,
      },
    };
  } finally {
    await second?.stop();
    await service?.stop();
    await fakes.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availability, dataRoute, type MonthFigure, magnetMonths } from '../../helpers/comtrade-answers.js';
import type { Answer } from '../../helpers/fixture-server.js';
import { FixtureServer, json, status } from '../../helpers/fixture-server.js';
import { openTestStorage } from '../../helpers/storage.js';
import { FAKE_SECRETS } from './chaos.js';

/** China → India magnet exports with one rule (`rule` is its YAML flow mapping). */
const magnetWatchlist = (rule: string): string => `
- id: china-india-magnets
  title: China → India rare-earth magnet exports
  kind: trade
  source: comtrade
  reporter: CN
  partner: IN
  flow: export
  hs: ["850511"]
  rules:
    - ${rule}
`;

/** One trade watchlist with one rule: a drop of 20 % or more from the month before. */
export const MAGNET_WATCHLIST = magnetWatchlist('{ type: drop, compare: previous-month, percent: 20 }');

/**
 * A rise: the alert is one chat.postMessage per channel (a drop would add a chart upload per channel,
 * doubling the sends at Slack's 5 per second; charts are covered by the end-to-end tests).
 */
export const RISE_WATCHLIST = magnetWatchlist('{ type: rise, compare: previous-month, percent: 50 }');

/** 24 months of magnet exports whose latest month rose 150 % over the one before. */
export function monthsWithRise(now = Date.now()) {
  const months = magnetMonths(now);
  const [previous, latest] = months.slice(-2);
  if (!previous?.usd || !latest) throw new Error('expected two months');
  latest.usd = Math.round(previous.usd * 2.5);
  return months;
}

/** The keyed Comtrade API paths (COMTRADE_API_KEY is set in every chaos process). */
export const COMTRADE = { availability: '/data/v1/getDa/C/M/HS', data: '/data/v1/get/C/M/HS' } as const;

/** 24 months of magnet exports whose latest month fell 60 % from the one before. */
export function monthsWithDrop(now = Date.now()): MonthFigure[] {
  const months = magnetMonths(now);
  const [previous, latest] = months.slice(-2);
  if (!previous?.usd || !latest) throw new Error('expected two months');
  latest.usd = Math.round(previous.usd * 0.4);
  return months;
}

/** Refuses, as Comtrade's API gateway does, a request without the subscription key. */
export function keyed(answer: Answer): Answer {
  return (req, res) => {
    if (req.headers['ocp-apim-subscription-key'] !== FAKE_SECRETS.COMTRADE_API_KEY)
      return status(401, '{"statusCode":401,"message":"Access denied due to missing subscription key."}')(
        req,
        res,
      );
    return answer(req, res);
  };
}

/** Routes the keyed Comtrade API on `server`: getDA lists `months`, data answers the months asked. */
export function routeComtrade(server: FixtureServer, months: MonthFigure[]): void {
  server.route(
    COMTRADE.availability,
    keyed(
      json(
        availability(
          156,
          months.map((m) => m.month),
        ),
      ),
    ),
  );
  server.route(COMTRADE.data, keyed(dataRoute(months)));
}

/** A loopback Comtrade (keyed API) serving `months`. */
export async function comtradeServer(months: MonthFigure[]): Promise<FixtureServer> {
  const server = await FixtureServer.start();
  routeComtrade(server, months);
  return server;
}

/**
 * A database as a running service leaves it: migrated, `channels` Slack channels subscribed to the
 * watchlist, and (with `pollWasDue`) a poll that came due while the service was down, so the next
 * start catches up once.
 */
export async function prepareDatabase(
  path: string,
  options: { channels: string[]; watchlist: string; pollWasDue?: string; platform?: 'slack' | 'console' },
): Promise<void> {
  const db = await openTestStorage({ path });
  const subscriptions = db.subscriptions;
  const now = Date.now();
  for (const channel of options.channels)
    await subscriptions.subscribe(
      { platform: options.platform ?? 'slack', channel },
      [options.watchlist],
      'U0OPS',
      now,
    );
  if (options.pollWasDue) {
    const runs = db.jobRuns;
    await runs.started(options.pollWasDue, now - 7 * 3_600_000);
    await runs.finished(options.pollWasDue, now - 7 * 3_600_000 + 5_000, { nextDueAt: now - 3_600_000 });
  }
  await db.close();
}

export function writeWatchlists(dir: string, yaml: string): string {
  const path = join(dir, 'watchlists.yaml');
  writeFileSync(path, yaml);
  return path;
}

/** Environment of a Slack-enabled service on loopback whose schedules never fire by themselves. */
export function slackServiceEnv(options: {
  dir: string;
  slackApiUrl: string;
  comtradeUrl?: string;
  /** A PostgreSQL database instead of the SQLite file in `dir`. */
  databaseUrl?: string;
  extra?: Record<string, string>;
}): Record<string, string> {
  return {
    PORT: '0',
    HOST: '127.0.0.1',
    ...(options.databaseUrl
      ? { DATABASE_URL: options.databaseUrl }
      : { DATABASE_PATH: join(options.dir, 'ree.db') }),
    WATCHLISTS_FILE: join(options.dir, 'watchlists.yaml'),
    // Yearly: only a catch-up or a test-chosen schedule runs a poll.
    POLL_CRON: '0 0 1 1 *',
    NOTICE_POLL_CRON: '0 0 1 1 *',
    SLACK_BOT_TOKEN: FAKE_SECRETS.SLACK_BOT_TOKEN,
    SLACK_SIGNING_SECRET: FAKE_SECRETS.SLACK_SIGNING_SECRET,
    SLACK_API_URL: options.slackApiUrl,
    COMTRADE_API_KEY: FAKE_SECRETS.COMTRADE_API_KEY,
    CENSUS_API_KEY: FAKE_SECRETS.CENSUS_API_KEY,
    ...(options.comtradeUrl ? { COMTRADE_API_URL: options.comtradeUrl } : {}),
    ...options.extra,
  };
}

/**
 * The rising-magnets fan-out as a service finds it at start: the watchlist in `dir`, `channels` subscribed
 * on Slack, and the trade poll come due while it was down (so the start catches up, alerts and fans out).
 * Returns the service's environment.
 */
export async function prepareFanOut(options: {
  dir: string;
  slackApiUrl: string;
  comtradeUrl: string;
  channels: string[];
  databaseUrl?: string;
}): Promise<Record<string, string>> {
  writeWatchlists(options.dir, RISE_WATCHLIST);
  const env = slackServiceEnv(options);
  await prepareDatabase(options.databaseUrl ?? (env.DATABASE_PATH as string), {
    channels: options.channels,
    watchlist: 'china-india-magnets',
    pollWasDue: 'poll-trade',
  });
  return env;
}

// `/ree india` through the command registry of a real App, on a database holding the trade workload
// and the notices; against the one hand-written SQL statement that fetches the rows the reply shows.

import pg from 'pg';
import { App } from '../../src/app.js';
import { noticesAbout } from '../../src/commands/country-notices.js';
import { watchlistsAbout } from '../../src/commands/resolve.js';
import { loadConfig } from '../../src/config.js';
import { type Country, countryByCode } from '../../src/countries/index.js';
import { createLogger } from '../../src/logger.js';
import type { CommandInvocation } from '../../src/model/chat.js';
import type { StoredSeries } from '../../src/model/trade.js';
import type { Reply } from '../../src/render/reply.js';
import { openSqliteDatabase } from '../../src/store/sqlite/open-database.js';
import { percentile } from '../lib/stats.js';
import { insertNotices, noticeRows } from '../workload/notices.js';
import { insertNoticesPg, insertTradeRowsPg, migrateForBench } from '../workload/pg-seed.js';
import { insertTradeRows, tradeRows } from '../workload/seed.js';
import { tradeWorkload, WORKLOAD_NOW } from '../workload/trade.js';
import { reply } from './ipc.js';

const observations = Number(process.env.OBSERVATIONS);
const notices = Number(process.env.NOTICES);
const runs = Number(process.env.RUNS);
const databaseUrl = process.env.DATABASE_URL;

// A connection of its own for seeding and for the baseline statement, beside the App's.
const trade = tradeRows(tradeWorkload(observations), WORKLOAD_NOW - 3 * 86_400_000);
const noticeSeed = noticeRows(notices, WORKLOAD_NOW);
let pgClient: pg.Client | undefined;
let sqliteDb: ReturnType<typeof openSqliteDatabase>['db'] | undefined;
if (databaseUrl) {
  await migrateForBench(databaseUrl);
  pgClient = new pg.Client({ connectionString: databaseUrl });
  await pgClient.connect();
  await insertTradeRowsPg(pgClient, trade);
  await insertNoticesPg(pgClient, noticeSeed);
  await pgClient.query('ANALYZE');
} else {
  sqliteDb = openSqliteDatabase(process.env.DATABASE_PATH as string).db;
  insertTradeRows(sqliteDb, trade);
  insertNotices(sqliteDb, noticeSeed);
  // The seed's million rows out of the WAL into the file, as a running service's checkpoints leave
  // them: reads of a page still in the WAL go through its index, and both timed queries paid for it.
  sqliteDb.pragma('wal_checkpoint(TRUNCATE)');
}

const clock = { now: () => WORKLOAD_NOW };
const config = loadConfig(process.env);
const app = await App.open({
  config,
  logger: createLogger({ level: config.logLevel, secrets: config.secrets }),
  clock,
});
const channel = { platform: 'console' as const, channel: 'C0BENCH' };
await app.storage.subscriptions.subscribe(
  channel,
  ['china-india-magnets'],
  'U0BENCH',
  WORKLOAD_NOW - 30 * 86_400_000,
);
await app.storage.alerts.recordFiring(
  {
    dedupKey: 'china-india-magnets|drop-previous-month|hs-850511|2025-08',
    watchlistId: 'china-india-magnets',
    rule: 'drop-previous-month',
    subject: 'hs-850511',
    period: '2025-08',
    kind: 'condition',
    severity: 'warning',
    headline: 'China → India magnet exports fell 41% in August 2025 vs July ($3.1 M → $1.8 M)',
    facts: [],
    source: 'UN Comtrade',
  },
  WORKLOAD_NOW - 86_400_000,
);
const india = countryByCode('IN') as Country;

// The rows the reply is built from, read the way the command reads them (to check the SQL against).
const related = watchlistsAbout('IN', app.watchlists);
const picked = new Map<number, StoredSeries>();
for (const watchlist of related)
  if (watchlist.kind === 'trade')
    for (const series of await app.storage.tradeHistory.seriesOf(watchlist)) picked.set(series.id, series);
for (const series of await app.storage.tradeHistory.seriesBetween('IN', ['CN', 'WORLD']))
  picked.set(series.id, series);
const shown = [...picked.values()].slice(0, 6);
const expected = {
  observations: [] as string[],
  alerts: [] as string[],
  notices: (
    await noticesAbout(
      india,
      related.filter((w) => w.kind === 'notice'),
      app.storage.notices,
      WORKLOAD_NOW,
    )
  ).map((n) => `${n.source}:${n.id}`),
  totalSeries: picked.size,
};
for (const series of shown)
  for (const point of (await app.storage.tradeHistory.recentMonths(series, 24)).points)
    expected.observations.push(`${series.id}|${point.period}`);
for (const watchlist of related)
  for (const alert of await app.storage.alerts.active(watchlist.id)) expected.alerts.push(alert.dedupKey);

/**
 * The same rows in one statement: the watched series and the country's series with China and the
 * world (first six, and how many there are), their newest 24 months, the firing alerts of the
 * watchlists about India, and the three newest notices naming India or matching its DGFT watchlist.
 */
const BASELINE = `
  WITH matching AS (
    SELECT id, source, reporter, partner, flow, hs, unit,
      NOT (source = 'comtrade' AND reporter = 'CN' AND partner = 'IN' AND flow = 'export' AND hs = '850511' AND unit = 'USD') AS other
    FROM series
    WHERE (source = 'comtrade' AND reporter = 'CN' AND partner = 'IN' AND flow = 'export' AND hs = '850511' AND unit = 'USD')
       OR (partner = 'IN' AND reporter IN ('CN', 'WORLD')) OR (reporter = 'IN' AND partner IN ('CN', 'WORLD'))
  ),
  shown AS (
    SELECT id, COUNT(*) OVER () AS total FROM matching
    ORDER BY other, source, reporter, partner, flow, hs, unit LIMIT 6
  ),
  recent AS (
    SELECT series_id, period, value, status, fetched_at,
      ROW_NUMBER() OVER (PARTITION BY series_id ORDER BY period DESC) AS n
    FROM observations WHERE series_id IN (SELECT id FROM shown)
  )
  SELECT 'observation' AS kind, series_id || '|' || period AS id, CAST(value AS TEXT) AS value, status, fetched_at AS at,
    (SELECT MAX(total) FROM shown) AS total
  FROM recent WHERE n <= 24
  UNION ALL
  SELECT 'alert', dedup_key, NULL, detail, first_seen_at, NULL FROM alerts
  WHERE state = 'firing' AND watchlist IN ('china-india-magnets', 'india-dgft-notices')
  UNION ALL
  SELECT * FROM (
    SELECT 'notice', source || ':' || id, title, url, COALESCE(published_at, first_seen_at) AS at, CAST(NULL AS BIGINT) FROM notices
    WHERE COALESCE(published_at, first_seen_at) >= ?
      AND (title LIKE '%India%' OR summary LIKE '%India%' OR title LIKE '%Bharat%' OR summary LIKE '%Bharat%'
        OR (source = 'dgft' AND (
          title LIKE '%rare earth%' OR summary LIKE '%rare earth%' OR title LIKE '%magnet%' OR summary LIKE '%magnet%'
          OR title LIKE '%neodymium%' OR summary LIKE '%neodymium%' OR title LIKE '%critical mineral%'
          OR summary LIKE '%critical mineral%' OR title LIKE '%lithium%' OR summary LIKE '%lithium%')))
    ORDER BY at DESC LIMIT 3
  )`;
type BaselineRow = { kind: string; id: string; total: number | null };
const since = WORKLOAD_NOW - 365 * 86_400_000;
// PostgreSQL: numbered parameters, and ILIKE for SQLite's case-blind LIKE.
const pgBaseline = BASELINE.replace('?', '$1').replaceAll(' LIKE ', ' ILIKE ');
const sqliteBaseline = sqliteDb?.prepare<[number], BaselineRow>(BASELINE);
const baselineRows = async (): Promise<BaselineRow[]> =>
  pgClient
    ? (await pgClient.query<BaselineRow>(pgBaseline, [since])).rows.map((row) => ({
        ...row,
        total: row.total === null ? null : Number(row.total),
      }))
    : (sqliteBaseline?.all(since) ?? []);

const got = await baselineRows();
const ids = (kind: string) => got.filter((row) => row.kind === kind).map((row) => row.id);
const same = (a: string[], b: string[]) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
if (
  !same(ids('observation'), expected.observations) ||
  !same(ids('alert'), expected.alerts) ||
  JSON.stringify(ids('notice')) !== JSON.stringify(expected.notices) ||
  got[0]?.total !== expected.totalSeries
)
  throw new Error(
    `the baseline SQL does not fetch the rows the command shows: ${JSON.stringify({ expected, got: got.map((row) => row.id) }).slice(0, 2000)}`,
  );

const invocation: CommandInvocation = {
  platform: 'console',
  channelId: channel.channel,
  userId: 'U0BENCH',
  input: { text: 'india' },
  canManageChannel: true,
};
let answer: Reply | undefined;
const time = async (run: () => unknown): Promise<number> => {
  const started = performance.now();
  await run();
  return performance.now() - started;
};
// Warm both up as a running service would be (statement caches, JIT), then time each run.
for (let index = 0; index < 50; index++) {
  answer = await app.handleCommand(invocation);
  await baselineRows();
}
const command: number[] = [];
const sql: number[] = [];
for (let index = 0; index < runs; index++) {
  command.push(
    await time(async () => {
      answer = await app.handleCommand(invocation);
    }),
  );
  sql.push(await time(baselineRows));
}
const text = JSON.stringify(answer);
if (!text.includes('India (IN)') || !text.includes(`… and ${expected.totalSeries - 6} more series stored.`))
  throw new Error(`/ree india did not answer as expected: ${text.slice(0, 500)}`);

reply({
  type: 'queried',
  runs,
  commandP50: percentile(command, 0.5),
  commandP99: percentile(command, 0.99),
  sqlP50: percentile(sql, 0.5),
  sqlP99: percentile(sql, 0.99),
  series: expected.totalSeries,
  shownObservations: expected.observations.length,
  notices: expected.notices.length,
});
await app.stop();
await pgClient?.end();
process.exit(0);

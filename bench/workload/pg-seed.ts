// The same rows as seed.ts and notices.ts, written to PostgreSQL with plain `pg` multi-row INSERTs:
// the ingest baseline on PostgreSQL, and a fast seed for the query benchmark.
import type pg from 'pg';
import { silentLogger } from '../../src/logger.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { openPostgres } from '../../src/store/postgres/pg-driver.js';
import { NOTICE_COLUMNS, type NoticeRow, noticeValues } from './notices.js';
import type { tradeRows } from './seed.js';

/** Brings a database to ree-watch's schema, as the service would on its first start. */
export async function migrateForBench(url: string): Promise<void> {
  const { driver } = await openPostgres({ url, poolSize: 1, logger: silentLogger() }, MIGRATIONS, Date.now);
  await driver.close();
}

/** `rows` into `table` in statements of `perStatement` rows ($n placeholders, at most 65,535 per statement). */
async function insertRows(
  client: pg.ClientBase,
  table: string,
  columns: readonly string[],
  rows: readonly (readonly unknown[])[],
  perStatement = 2_000,
): Promise<void> {
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement);
    const values = chunk.map(
      (_, row) => `(${columns.map((__, column) => `$${row * columns.length + column + 1}`).join(', ')})`,
    );
    await client.query(
      `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values.join(', ')}`,
      chunk.flat(),
    );
  }
}

/** The trade rows in one transaction; the identity of `series` moves past the ids given. */
export async function insertTradeRowsPg(
  client: pg.ClientBase,
  rows: ReturnType<typeof tradeRows>,
): Promise<void> {
  await client.query('BEGIN');
  await insertRows(
    client,
    'series',
    ['id', 'source', 'reporter', 'partner', 'flow', 'hs', 'unit'],
    rows.series,
  );
  await insertRows(
    client,
    'observations',
    ['series_id', 'period', 'value', 'status', 'fetched_at', 'updated_at'],
    rows.observations,
  );
  await client.query("SELECT setval(pg_get_serial_sequence('series', 'id'), (SELECT MAX(id) FROM series))");
  await client.query('COMMIT');
}

export async function insertNoticesPg(client: pg.ClientBase, rows: readonly NoticeRow[]): Promise<void> {
  await client.query('BEGIN');
  await insertRows(client, 'notices', NOTICE_COLUMNS, rows.map(noticeValues));
  await client.query('COMMIT');
}

import type { Clock } from '../../src/clock.js';
import { silentLogger } from '../../src/logger.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { openPostgres } from '../../src/store/postgres/pg-driver.js';
import type { Driver, Sql } from '../../src/store/sql.js';
import { openSqlite, type SqliteDriverOptions } from '../../src/store/sqlite/driver.js';
import { createStorage, type Storage } from '../../src/store/storage.js';
import { createTestDatabase } from './postgres.js';

/**
 * A Storage for a test, and what a test needs beyond the product's view of it: portable SQL straight
 * to the database (seeding rows, checking what was stored), and a mark of what was written so far.
 * Every store test gets its database here, so the same suites run on both drivers: the `postgres`
 * test project (vitest.config.ts) sets REE_TEST_STORE=postgres and runs them again on PostgreSQL.
 */
export interface TestStorage extends Storage {
  readonly sql: Sql;
  /** Moves whenever a row is inserted, updated or deleted: "nothing was written" checks compare two. */
  writeMark(): Promise<string>;
}

export interface TestStorageOptions {
  /**
   * SQLite: a file shared with other connections or processes (a throwaway in-memory database by
   * default). PostgreSQL: a `postgres://` URL to share (a new empty database by default).
   */
  path?: string;
  clock?: Clock;
  locks?: SqliteDriverOptions['locks'];
  /** Which driver; the test project's (REE_TEST_STORE) by default. */
  driver?: 'sqlite' | 'postgres';
}

/** The driver the store suites run on in this test project. */
export const testStoreDriver = (): 'sqlite' | 'postgres' =>
  process.env.REE_TEST_STORE === 'postgres' ? 'postgres' : 'sqlite';

const opened: Driver[] = [];

export async function openTestStorage(options: TestStorageOptions = {}): Promise<TestStorage> {
  // A file path is SQLite's: tests sharing one with a child process stay on SQLite.
  const driver =
    options.driver ??
    (options.path === undefined
      ? testStoreDriver()
      : /^postgres(ql)?:\/\//.test(options.path)
        ? 'postgres'
        : 'sqlite');
  if (driver === 'postgres') {
    const url = options.path ?? (await createTestDatabase());
    const { driver: pg, migration } = await openPostgres(
      { url, poolSize: 4, logger: silentLogger(), retryForMs: 10_000 },
      MIGRATIONS,
      () => options.clock?.now() ?? Date.now(),
    );
    opened.push(pg);
    return Object.assign(createStorage(pg, migration), {
      sql: pg.sql,
      writeMark: () => postgresWriteMark(pg.sql),
    });
  }
  const sqlite = await openSqlite(options.path ?? ':memory:', { clock: options.clock, locks: options.locks });
  return Object.assign(createStorage(sqlite, sqlite.migration), {
    sql: sqlite.sql,
    writeMark: async () =>
      String((await sqlite.sql.get<{ n: number }>('SELECT total_changes() AS n'))?.n ?? 0),
  });
}

/** Closes every PostgreSQL pool a test opened, so a file's run ends without open handles. */
export async function closeTestStorages(): Promise<void> {
  for (const driver of opened.splice(0)) await driver.close().catch(() => undefined);
}

/**
 * Every row version carries the transaction that wrote it (xmin): per table, the row count and the
 * newest writer change with any insert, update or delete, and with nothing else.
 */
async function postgresWriteMark(sql: Sql): Promise<string> {
  const tables = await sql.all<{ name: string }>(
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  const parts = tables.map(
    ({ name }) =>
      `SELECT '${name}' AS name, COUNT(*) AS n, COALESCE(MAX(xmin::text::bigint), 0) AS newest FROM "${name}"`,
  );
  const rows = await sql.all<{ name: string; n: number; newest: number }>(parts.join(' UNION ALL '));
  return rows.map((row) => `${row.name}:${row.n}:${row.newest}`).join(',');
}

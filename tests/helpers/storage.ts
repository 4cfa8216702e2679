import type { Clock } from '../../src/clock.js';
import type { Sql } from '../../src/store/sql.js';
import { openSqlite, type SqliteDriverOptions } from '../../src/store/sqlite/driver.js';
import { createStorage, type Storage } from '../../src/store/storage.js';

/**
 * A Storage for a test, and what a test needs beyond the product's view of it: portable SQL straight
 * to the database (seeding rows, checking what was stored), and how many rows were written so far.
 * Every store test gets its database here, so the same suites can run on another driver.
 */
export interface TestStorage extends Storage {
  readonly sql: Sql;
  /** Rows inserted, updated or deleted on this connection so far: "nothing was written" checks. */
  writes(): Promise<number>;
}

export interface TestStorageOptions {
  /** A file shared with other connections or processes; a throwaway in-memory database by default. */
  path?: string;
  clock?: Clock;
  locks?: SqliteDriverOptions['locks'];
}

export async function openTestStorage(options: TestStorageOptions = {}): Promise<TestStorage> {
  const driver = await openSqlite(options.path ?? ':memory:', { clock: options.clock, locks: options.locks });
  const storage = createStorage(driver, driver.migration);
  return Object.assign(storage, {
    sql: driver.sql,
    writes: async () => (await driver.sql.get<{ n: number }>('SELECT total_changes() AS n'))?.n ?? 0,
  });
}

import type { Clock } from '../clock.js';
import { openSqlite } from './sqlite/driver.js';
import { describeSqliteError, isSqliteError } from './sqlite/errors.js';
import { createStorage, type Storage } from './storage.js';

export interface StorageOptions {
  /** DATABASE_PATH: the SQLite file (`:memory:` for a throwaway database). */
  databasePath: string;
  clock?: Clock;
}

/**
 * Opens the configured database and brings its schema up to date: the one place that knows which
 * drivers there are. Throws a StoreError a person can act on when the database cannot be used.
 */
export async function openStorage(options: StorageOptions): Promise<Storage> {
  const driver = await openSqlite(options.databasePath, { clock: options.clock });
  return createStorage(driver, driver.migration);
}

/** Words a person can act on for an error the database raised mid-run, or undefined for any other. */
export function describeStorageFailure(error: unknown): string | undefined {
  return isSqliteError(error) ? describeSqliteError(error) : undefined;
}

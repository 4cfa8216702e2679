import { resolve } from 'node:path';
import type { Clock } from '../clock.js';
import { type Logger, silentLogger } from '../logger.js';
import { MIGRATIONS } from './migrations/index.js';
import { describePostgresUrl, openPostgres } from './postgres/pg-driver.js';
import { describePostgresError, isConnectionError } from './postgres/pg-errors.js';
import { openSqlite } from './sqlite/driver.js';
import { describeSqliteError, isSqliteError } from './sqlite/errors.js';
import { createStorage, type Storage } from './storage.js';

export interface StorageOptions {
  /** DATABASE_PATH: the SQLite file (`:memory:` for a throwaway database); unused with a URL. */
  databasePath: string;
  /** DATABASE_URL: `postgres://…` chooses PostgreSQL instead of SQLite. */
  databaseUrl?: string;
  /** DATABASE_POOL_SIZE: connections to PostgreSQL. */
  databasePoolSize?: number;
  /** Where a PostgreSQL that cannot be reached is reported while ree-watch waits for it. */
  logger?: Logger;
  clock?: Clock;
}

/** Which store the options choose, in words for logs, `check-config` and `/ree status`: never a password. */
export function describeStore(options: Pick<StorageOptions, 'databasePath' | 'databaseUrl'>): string {
  if (options.databaseUrl) return describePostgresUrl(options.databaseUrl);
  return `SQLite ${options.databasePath === ':memory:' ? ':memory:' : resolve(options.databasePath)}`;
}

/**
 * Opens the configured database and brings its schema up to date: the one place that knows which
 * drivers there are. Throws a StoreError a person can act on when the database cannot be used.
 */
export async function openStorage(options: StorageOptions): Promise<Storage> {
  if (options.databaseUrl) {
    const clock = options.clock;
    const { driver, migration } = await openPostgres(
      {
        url: options.databaseUrl,
        poolSize: options.databasePoolSize ?? 10,
        logger: options.logger ?? silentLogger(),
      },
      MIGRATIONS,
      () => (clock ? clock.now() : Date.now()),
    );
    return createStorage(driver, migration);
  }
  const driver = await openSqlite(options.databasePath, { clock: options.clock });
  return createStorage(driver, driver.migration);
}

/** Words a person can act on for an error the database raised mid-run, or undefined for any other. */
export function describeStorageFailure(error: unknown): string | undefined {
  if (isSqliteError(error)) return describeSqliteError(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  // PostgreSQL's errors carry a five-character SQLSTATE; a lost connection a system code.
  if (isConnectionError(error) || (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)))
    return describePostgresError(error, 'the database');
  return undefined;
}

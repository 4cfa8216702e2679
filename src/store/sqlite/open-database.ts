import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { type Clock, systemClock } from '../../clock.js';
import { MIGRATIONS, type Migration, type MigrationResult } from '../migrations/index.js';
import { StoreError } from '../sql.js';
import { describeSqliteError } from './errors.js';
import { migrate } from './migrate.js';

export interface OpenDatabaseOptions {
  migrations?: readonly Migration[];
  clock?: Clock;
}

/**
 * Opens (creating if needed) the SQLite file in WAL mode and brings its schema up to date: the
 * connection the driver runs on (tests and benchmarks that need the raw file open it here too).
 */
export function openSqliteDatabase(
  path: string,
  options: OpenDatabaseOptions = {},
): { db: Database.Database; migration: MigrationResult } {
  const inMemory = path === ':memory:';
  const where = inMemory ? path : resolve(path);
  let db: Database.Database;
  try {
    if (!inMemory) mkdirSync(dirname(where), { recursive: true });
    db = new Database(where);
  } catch (error) {
    throw new StoreError(`cannot open the database at ${where}: ${describeSqliteError(error)}`, {
      cause: error,
    });
  }
  try {
    // Short transactions plus a busy timeout let the service and a `ree-watch poll` share the file.
    // Set first: switching a new file to WAL takes a lock another process starting too may hold.
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    // better-sqlite3 builds SQLite with a 16 MB page cache; the OS caches the file's pages anyway, and
    // the service's RSS (< 150 MB after a million-row ingest) would count every one of those 16 MB.
    db.pragma('cache_size = -4000');
    const migration = migrate(db, options.migrations ?? MIGRATIONS, options.clock ?? systemClock);
    return { db, migration };
  } catch (error) {
    db.close();
    if (error instanceof StoreError) throw error;
    throw new StoreError(`cannot prepare the database at ${where}: ${describeSqliteError(error)}`, {
      cause: error,
    });
  }
}

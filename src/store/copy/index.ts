import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Logger } from '../../logger.js';
import { MIGRATIONS } from '../migrations/index.js';
import { describePostgresUrl, openPostgres } from '../postgres/pg-driver.js';
import { StoreError } from '../sql.js';
import { openSqlite } from '../sqlite/driver.js';
import { type CopyOptions, copyDatabase, type TableReport } from './copy.js';

export type { TableReport } from './copy.js';

export interface SqliteToPostgres extends CopyOptions {
  /** The SQLite file (DATABASE_PATH). */
  from: string;
  /** postgres://… of an empty database (or one an interrupted copy of the same file left). */
  to: string;
  logger: Logger;
  now: () => number;
}

/**
 * `ree-watch db copy`: brings the SQLite file and the PostgreSQL database to the same schema
 * version (each by its own migrations), then copies and verifies every table (see copy.ts).
 */
export async function copySqliteToPostgres(options: SqliteToPostgres): Promise<{
  from: string;
  to: string;
  tables: TableReport[];
}> {
  const path = resolve(options.from);
  if (!existsSync(path))
    throw new StoreError(`there is no SQLite database at ${path} to copy (DATABASE_PATH or --from)`);
  const sqlite = await openSqlite(path);
  try {
    const { driver } = await openPostgres(
      { url: options.to, poolSize: 2, logger: options.logger, retryForMs: 10_000 },
      MIGRATIONS,
      options.now,
    );
    try {
      const tables = await copyDatabase(sqlite.sql, driver.sql, options);
      return { from: path, to: describePostgresUrl(options.to), tables };
    } finally {
      await driver.close();
    }
  } finally {
    await sqlite.close();
  }
}

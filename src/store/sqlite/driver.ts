import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type Database from 'better-sqlite3';
import type { Clock } from '../../clock.js';
import type { Migration, MigrationResult } from '../migrations/index.js';
import { type Driver, StoreError } from '../sql.js';
import { describeSqliteError } from './errors.js';
import { LeaseLocks, type LeaseOptions } from './locks.js';
import { openSqliteDatabase } from './open-database.js';
import { SqliteSql } from './sqlite-sql.js';

export interface SqliteDriverOptions {
  clock?: Clock;
  migrations?: readonly Migration[];
  locks?: LeaseOptions;
}

/** SQLite as the storage layer's Driver: one connection per process, the schema brought up to date. */
export class SqliteDriver implements Driver {
  readonly dialect = 'sqlite' as const;
  readonly sql: SqliteSql;
  readonly description: string;
  private readonly locks: LeaseLocks;

  constructor(
    private readonly db: Database.Database,
    readonly migration: MigrationResult,
    where: string,
    options: SqliteDriverOptions = {},
  ) {
    this.sql = new SqliteSql(db);
    this.description = `SQLite ${where}`;
    this.locks = new LeaseLocks(
      this.sql,
      `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
      options.locks,
    );
  }

  withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    return this.locks.run(name, fn);
  }

  /**
   * Nothing to take: every transaction begins IMMEDIATE, holding the file's write lock, so it is
   * alone among this process's and every other process's transactions until it ends.
   */
  async lockTransaction(): Promise<void> {}

  /** Nothing: SQLite plans these queries from its indexes alone, with or without ANALYZE. */
  async refreshStatistics(): Promise<void> {}

  async ping(): Promise<void> {
    try {
      await this.sql.get('SELECT MAX(version) AS version FROM schema_migrations');
    } catch (error) {
      throw new StoreError(`the database cannot be read: ${describeSqliteError(error)}`, { cause: error });
    }
  }

  async close(): Promise<void> {
    this.db.close();
  }
}

/** Opens the SQLite file at `path` (`:memory:` for a throwaway one) as a Driver. */
export async function openSqlite(path: string, options: SqliteDriverOptions = {}): Promise<SqliteDriver> {
  const { db, migration } = openSqliteDatabase(path, options);
  return new SqliteDriver(db, migration, path === ':memory:' ? path : resolve(path), options);
}

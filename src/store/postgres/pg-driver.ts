import pg from 'pg';
import type { Logger } from '../../logger.js';
import type { Migration, MigrationResult } from '../migrations/index.js';
import { Mutex } from '../mutex.js';
import { type Driver, type Sql, StoreError } from '../sql.js';
import { describePostgresError, isConnectionError } from './pg-errors.js';
import { migratePostgres } from './pg-migrate.js';
import { PgSql, type RetryPolicy, typeParsers } from './pg-sql.js';

export interface PostgresOptions {
  /** `postgres://user:password@host:port/database` (DATABASE_URL). */
  url: string;
  /** Connections the pool may open (DATABASE_POOL_SIZE). */
  poolSize: number;
  logger: Logger;
  /** How long work waits for an unreachable database before it fails (default 60 s). */
  retryForMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

/** "PostgreSQL ree@db.internal:5432/reewatch": which database, never the password. */
export function describePostgresUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : '';
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || '(default database)';
    return `PostgreSQL ${user}${parsed.hostname}:${parsed.port || '5432'}/${database}`;
  } catch {
    return 'PostgreSQL (DATABASE_URL is not a URL)';
  }
}

/** advisory locks take two 32-bit keys: ree-watch's own namespace, then the lock's name hashed. */
const LOCK_NAMESPACE = 0x52455757 | 0; // "REWW"
export function lockKey(name: string): number {
  let hash = 0x811c9dc5;
  for (const char of name) {
    hash ^= char.codePointAt(0) ?? 0;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash | 0;
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * PostgreSQL as ree-watch's database: a node-postgres pool, named locks as session advisory locks
 * (released by the server if the holder's connection dies), and `ping` for /healthz. Lost connections
 * are retried by `PgSql`; the pool replaces broken connections by itself, so a restart of the server
 * needs no restart of ree-watch.
 */
export class PostgresDriver implements Driver {
  readonly dialect = 'postgres' as const;
  readonly sql: PgSql;
  readonly description: string;
  /** One waiter per lock name in this process: the others wait here, not on a pooled connection. */
  private readonly queues = new Map<string, Mutex>();

  constructor(
    readonly pool: pg.Pool,
    options: PostgresOptions,
  ) {
    this.description = describePostgresUrl(options.url);
    const policy: RetryPolicy = {
      retryForMs: options.retryForMs ?? 60_000,
      sleep: options.sleep ?? delay,
      onRetry: (error, attempt, waitMs) => {
        if (attempt === 1 || attempt % 10 === 0)
          options.logger.warn(
            { database: this.description, attempt, waitMs },
            `database unreachable, trying again: ${describePostgresError(error, this.description)}`,
          );
      },
    };
    this.sql = new PgSql(pool, policy);
  }

  async withLock<T>(name: string, fn: () => Promise<T>): Promise<T> {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Mutex();
      this.queues.set(name, queue);
    }
    const releaseLocal = await queue.acquire();
    try {
      const client = await this.pool.connect();
      let broken = false;
      const key = lockKey(name);
      try {
        await client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_NAMESPACE, key]);
        return await fn();
      } catch (error) {
        broken = isConnectionError(error);
        throw error;
      } finally {
        if (!broken)
          await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_NAMESPACE, key]).catch(() => {
            broken = true;
          });
        client.release(broken);
      }
    } finally {
      releaseLocal();
    }
  }

  /** A transaction-level advisory lock: the server releases it at COMMIT or ROLLBACK. */
  async lockTransaction(tx: Sql, name: string): Promise<void> {
    await tx.get('SELECT pg_advisory_xact_lock(?, ?)', [LOCK_NAMESPACE, lockKey(name)]);
  }

  /** ANALYZE samples each table (30,000 rows at most), a fraction of a second even on millions. */
  async refreshStatistics(): Promise<void> {
    await this.sql.run('ANALYZE');
  }

  async ping(): Promise<void> {
    try {
      await this.pool.query('SELECT 1');
    } catch (first) {
      // A pooled connection the server dropped fails first; a fresh one says how things are now.
      const error = isConnectionError(first)
        ? await this.pool.query('SELECT 1').then(
            () => undefined,
            (e) => e,
          )
        : first;
      if (error !== undefined)
        throw new StoreError(describePostgresError(error, this.description), { cause: error });
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}

/** Connects the pool (without migrating); `openPostgres` also migrates. */
export function createPostgresDriver(options: PostgresOptions): PostgresDriver {
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize,
    types: typeParsers,
    connectionTimeoutMillis: 10_000,
    idleTimeoutMillis: 30_000,
    application_name: 'ree-watch',
  });
  // An idle connection the server dropped (a restart) is reported here; without a listener it
  // would end the process. The pool opens a new one when next asked.
  pool.on('error', (error) => {
    options.logger.warn(
      { database: describePostgresUrl(options.url) },
      `an idle database connection was lost: ${describePostgresError(error, describePostgresUrl(options.url))}`,
    );
  });
  return new PostgresDriver(pool, options);
}

/**
 * Opens PostgreSQL and brings its schema up to date. A server not reachable yet (starting beside
 * ree-watch) is waited for, with backoff, up to the driver's retry time; then the error says why.
 */
export async function openPostgres(
  options: PostgresOptions,
  migrations: readonly Migration[],
  now: () => number,
): Promise<{ driver: PostgresDriver; migration: MigrationResult }> {
  const driver = createPostgresDriver(options);
  const sleep = options.sleep ?? delay;
  const retryForMs = options.retryForMs ?? 60_000;
  let waited = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      const migration = await migratePostgres(driver.pool, migrations, now());
      return { driver, migration };
    } catch (error) {
      const wait = Math.min(5_000, 250 * 2 ** (attempt - 1));
      if (!isConnectionError(error) || waited + wait > retryForMs) {
        await driver.close().catch(() => undefined);
        if (error instanceof StoreError) throw error;
        throw new StoreError(
          `cannot open ${driver.description}: ${describePostgresError(error, driver.description)}`,
          {
            cause: error,
          },
        );
      }
      options.logger.warn(
        { database: driver.description, attempt },
        `waiting for the database: ${describePostgresError(error, driver.description)}`,
      );
      await sleep(wait);
      waited += wait;
    }
  }
}

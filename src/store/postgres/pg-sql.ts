import pg from 'pg';
import type { RowsInsert, Sql, SqlValue } from '../sql.js';
import { isConflict, isConnectionError } from './pg-errors.js';
import { ColumnTypes, insertRowsByColumn } from './pg-insert-rows.js';

/**
 * bigint (epoch milliseconds, COUNT) and numeric (SUM, AVG) come back from node-postgres as strings
 * to keep their precision; every one ree-watch stores fits a double, so they are read as numbers.
 */
const INT8 = 20;
const NUMERIC = 1700;
export const typeParsers: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 || oid === NUMERIC
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

const numbered = new Map<string, string>();

/** `?` placeholders as PostgreSQL's `$1, $2 …`, outside quoted literals and identifiers; cached per text. */
export function numberPlaceholders(sql: string): string {
  let done = numbered.get(sql);
  if (done !== undefined) return done;
  let out = '';
  let index = 0;
  let quote: string | null = null;
  for (const char of sql) {
    if (quote) {
      if (char === quote) quote = null;
      out += char;
    } else if (char === "'" || char === '"') {
      quote = char;
      out += char;
    } else if (char === '?') out += `$${++index}`;
    else out += char;
  }
  done = out;
  numbered.set(sql, done);
  return done;
}

/** What waits between attempts; the driver passes the service's sleep, tests a fake. */
export interface RetryPolicy {
  /** Give up once a failure would make the whole wait longer than this. */
  retryForMs: number;
  sleep: (ms: number) => Promise<void>;
  /** Told before each wait, to log that the database is unreachable. */
  onRetry?: (error: unknown, attempt: number, waitMs: number) => void;
}

/** 100 ms, 200 ms … capped at 5 s: a restart of the server takes about a second. */
const backoff = (attempt: number): number => Math.min(5_000, 100 * 2 ** (attempt - 1));

async function retrying<T>(policy: RetryPolicy, attemptOnce: () => Promise<T>): Promise<T> {
  let waited = 0;
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptOnce();
    } catch (error) {
      const retryable = error instanceof Retryable;
      const cause = retryable ? error.cause : error;
      const wait = backoff(attempt);
      if (!retryable || waited + wait > policy.retryForMs) throw cause;
      policy.onRetry?.(cause, attempt, wait);
      await policy.sleep(wait);
      waited += wait;
    }
  }
}

/** Marks a failure that happened where running the work again cannot do it twice. */
class Retryable extends Error {
  constructor(override readonly cause: unknown) {
    super('retryable', { cause });
  }
}

const serverEndedIt = (error: unknown): boolean =>
  /^57P0[123]$/.test(String((error as { code?: unknown }).code ?? ''));

const params = (values: readonly SqlValue[] | undefined): SqlValue[] => (values ? [...values] : []);

/** The statements of one transaction on one pooled connection; a nested `transaction` is a savepoint. */
class PgTransaction implements Sql {
  readonly dialect = 'postgres' as const;
  private savepoints = 0;
  constructor(
    private readonly client: pg.PoolClient,
    private readonly columnTypes: ColumnTypes,
  ) {}

  async all<T>(sql: string, values?: readonly SqlValue[]): Promise<T[]> {
    return (await this.client.query(numberPlaceholders(sql), params(values))).rows as T[];
  }
  async get<T>(sql: string, values?: readonly SqlValue[]): Promise<T | undefined> {
    return (await this.all<T>(sql, values))[0];
  }
  async run(sql: string, values?: readonly SqlValue[]): Promise<number> {
    return (await this.client.query(numberPlaceholders(sql), params(values))).rowCount ?? 0;
  }
  insertRows(insert: RowsInsert, rows: readonly (readonly SqlValue[])[]): Promise<number> {
    return insertRowsByColumn(this.client, this.columnTypes, insert, rows);
  }
  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    const name = `sp${++this.savepoints}`;
    await this.client.query(`SAVEPOINT ${name}`);
    try {
      const result = await fn(this);
      await this.client.query(`RELEASE SAVEPOINT ${name}`);
      return result;
    } catch (error) {
      await this.client.query(`ROLLBACK TO SAVEPOINT ${name}`);
      throw error;
    }
  }
}

/**
 * PostgreSQL through a node-postgres pool behind the async `Sql` seam. Statements outside a
 * transaction each take a pooled connection. When the server cannot be reached or the connection
 * breaks, work that cannot have taken effect is tried again with backoff (reads; any statement whose
 * connection could not be had; a transaction that failed before COMMIT was sent, or lost to a
 * conflicting one): a transaction's callback must therefore be re-runnable (database work only).
 */
export class PgSql implements Sql {
  readonly dialect = 'postgres' as const;
  private readonly columnTypes = new ColumnTypes((sql, values) => this.all(sql, values));

  constructor(
    readonly pool: pg.Pool,
    private readonly policy: RetryPolicy,
  ) {}

  all<T>(sql: string, values?: readonly SqlValue[]): Promise<T[]> {
    return retrying(this.policy, () => this.query<T>(sql, values, true)).then((result) => result.rows);
  }
  async get<T>(sql: string, values?: readonly SqlValue[]): Promise<T | undefined> {
    return (await this.all<T>(sql, values))[0];
  }
  async run(sql: string, values?: readonly SqlValue[]): Promise<number> {
    // A write whose connection broke after it was sent may have happened: not tried again.
    const result = await retrying(this.policy, () => this.query(sql, values, false));
    return result.rowCount ?? 0;
  }

  insertRows(insert: RowsInsert, rows: readonly (readonly SqlValue[])[]): Promise<number> {
    // In a transaction: all or none, and tried again as a whole if the connection is lost before COMMIT.
    if (rows.length === 0) return Promise.resolve(0);
    return this.transaction((tx) => tx.insertRows(insert, rows));
  }

  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    return retrying(this.policy, async () => {
      const client = await this.connect();
      let committing = false;
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn(new PgTransaction(client, this.columnTypes));
        committing = true;
        await client.query('COMMIT');
        return result;
      } catch (error) {
        broken = isConnectionError(error);
        if (!broken) await client.query('ROLLBACK').catch(() => undefined);
        // Before COMMIT nothing took effect: a lost connection or a conflict is tried again. A lost
        // COMMIT's outcome is unknown, so it is reported, not repeated.
        if (!committing && (broken || isConflict(error))) throw new Retryable(error);
        throw error;
      } finally {
        client.release(broken);
      }
    });
  }

  private async connect(): Promise<pg.PoolClient> {
    try {
      return await this.pool.connect();
    } catch (error) {
      throw isConnectionError(error) ? new Retryable(error) : error;
    }
  }

  private async query<T>(
    sql: string,
    values: readonly SqlValue[] | undefined,
    repeatable: boolean,
  ): Promise<pg.QueryResult & { rows: T[] }> {
    const client = await this.connect();
    let broken = false;
    try {
      return (await client.query(numberPlaceholders(sql), params(values))) as pg.QueryResult & { rows: T[] };
    } catch (error) {
      broken = isConnectionError(error);
      // A server shutting down ends the statement it was running (rolled back): that one is safe too.
      throw broken && (repeatable || serverEndedIt(error)) ? new Retryable(error) : error;
    } finally {
      client.release(broken);
    }
  }
}

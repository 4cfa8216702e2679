import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import { Mutex } from '../mutex.js';
import { insertSql, type RowsInsert, type Sql, type SqlValue } from '../sql.js';

type Handle = Database.Database;

/**
 * better-sqlite3 binds numbers, strings and null; a boolean is kept as 1 or 0. The values go in as
 * one array (better-sqlite3 takes an array as the anonymous parameters), copied only to turn booleans.
 */
function bind(params: readonly SqlValue[]): unknown[] {
  for (const value of params)
    if (typeof value === 'boolean')
      return params.map((each) => (typeof each === 'boolean' ? Number(each) : each));
  return params as unknown[];
}

/** Rows to one INSERT statement (see `Direct.insertRows`). */
const INSERT_BATCH = 32;

/** Prepared statements by SQL text: a repository's statements are prepared once per connection. */
class Statements {
  private readonly cache = new Map<string, Database.Statement>();
  constructor(private readonly db: Handle) {}

  /** An insert's statements for one row and for a batch, known by the insert itself (repositories keep theirs). */
  private readonly inserts = new WeakMap<
    RowsInsert,
    { one: Database.Statement; batch: Database.Statement }
  >();

  insert(insert: RowsInsert): { one: Database.Statement; batch: Database.Statement } {
    let statements = this.inserts.get(insert);
    if (!statements) {
      statements = { one: this.get(insertSql(insert, 1)), batch: this.get(insertSql(insert, INSERT_BATCH)) };
      this.inserts.set(insert, statements);
    }
    return statements;
  }

  get(sql: string): Database.Statement {
    let statement = this.cache.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.cache.set(sql, statement);
    }
    return statement;
  }
}

/** Runs statements at once on the connection: inside a transaction, or when none is open. */
class Direct {
  constructor(private readonly statements: Statements) {}
  all<T>(sql: string, params: readonly SqlValue[] = []): T[] {
    return this.statements.get(sql).all(bind(params)) as T[];
  }
  get<T>(sql: string, params: readonly SqlValue[] = []): T | undefined {
    return this.statements.get(sql).get(bind(params)) as T | undefined;
  }
  run(sql: string, params: readonly SqlValue[] = []): number {
    return this.statements.get(sql).run(bind(params)).changes;
  }
  /**
   * 32 rows to a statement, the rest one by one: two prepared statements serve every batch, and a
   * call into SQLite per 32 rows costs less than one per row. The caller's transaction (or
   * `SqliteSql.insertRows`'s own) makes them one.
   */
  insertRows(insert: RowsInsert, rows: readonly (readonly SqlValue[])[]): number {
    const { one, batch } = this.statements.insert(insert);
    let changes = 0;
    let row = 0;
    for (; row + INSERT_BATCH <= rows.length; row += INSERT_BATCH) {
      const values: SqlValue[] = [];
      for (let index = row; index < row + INSERT_BATCH; index++) values.push(...(rows[index] as SqlValue[]));
      changes += batch.run(bind(values)).changes;
    }
    for (; row < rows.length; row++) changes += one.run(bind(rows[row] as SqlValue[])).changes;
    return changes;
  }
}

/** Wraps a synchronous call so that a thrown error is a rejected promise, as from any driver. */
function settle<T>(call: () => T): Promise<T> {
  try {
    return Promise.resolve(call());
  } catch (error) {
    return Promise.reject(error);
  }
}

/** The statements of one open transaction; a nested `transaction` is a savepoint. */
class SqliteTransaction implements Sql {
  readonly dialect = 'sqlite' as const;
  private savepoints = 0;
  constructor(
    private readonly db: Handle,
    private readonly direct: Direct,
  ) {}

  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return settle(() => this.direct.all<T>(sql, params));
  }
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return settle(() => this.direct.get<T>(sql, params));
  }
  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return settle(() => this.direct.run(sql, params));
  }
  insertRows(insert: RowsInsert, rows: readonly (readonly SqlValue[])[]): Promise<number> {
    return settle(() => this.direct.insertRows(insert, rows));
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    const name = `sp${++this.savepoints}`;
    this.db.exec(`SAVEPOINT ${name}`);
    try {
      const result = await fn(this);
      this.db.exec(`RELEASE ${name}`);
      return result;
    } catch (error) {
      this.db.exec(`ROLLBACK TO ${name}`);
      this.db.exec(`RELEASE ${name}`);
      throw error;
    }
  }
}

/**
 * The turn-taking of one database file, shared by every connection this process opens to it: a
 * connection that began a transaction and awaits must not be blocked by another connection of the
 * same thread waiting (synchronously, in SQLite's busy handler) for that very transaction to end.
 */
const writers = new Map<string, Mutex>();
function writerOf(db: Handle): Mutex {
  if (db.memory) return new Mutex();
  let writer = writers.get(db.name);
  if (!writer) {
    writer = new Mutex();
    writers.set(db.name, writer);
  }
  return writer;
}

/**
 * Whether to catch a statement sent through the database, not its `tx`, inside a transaction's
 * callback (it would wait for itself). The check needs an AsyncLocalStorage, which in Node 20 puts a
 * hook on every promise of the process, so it is on where the code is exercised, under the tests
 * (vitest sets NODE_ENV=test), and off in the service.
 */
const CHECK_NESTING = process.env.NODE_ENV === 'test';

/**
 * SQLite through better-sqlite3 behind the async `Sql` seam. The connection is shared by the whole
 * process, so a transaction that awaits must not let anyone else's statement in: transactions take
 * turns (BEGIN IMMEDIATE, which also serialises them with other processes on the file), and a
 * statement outside any transaction waits until none is open. With none open it runs at once.
 */
export class SqliteSql implements Sql {
  readonly dialect = 'sqlite' as const;
  private readonly direct: Direct;
  private readonly writer: Mutex;
  private readonly begin: Database.Statement;
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;
  /** Set inside a transaction's callback when nesting is checked (see CHECK_NESTING). */
  private readonly inside: AsyncLocalStorage<true> | undefined;

  constructor(
    readonly db: Handle,
    options: { checkNesting?: boolean } = {},
  ) {
    this.writer = writerOf(db);
    this.direct = new Direct(new Statements(db));
    // Prepared once: a poll opens a transaction per answer, and exec() parses its SQL every time.
    this.begin = db.prepare('BEGIN IMMEDIATE');
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.inside = (options.checkNesting ?? CHECK_NESTING) ? new AsyncLocalStorage<true>() : undefined;
  }

  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]> {
    return this.outside(() => this.direct.all<T>(sql, params));
  }
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined> {
    return this.outside(() => this.direct.get<T>(sql, params));
  }
  run(sql: string, params?: readonly SqlValue[]): Promise<number> {
    return this.outside(() => this.direct.run(sql, params));
  }
  insertRows(insert: RowsInsert, rows: readonly (readonly SqlValue[])[]): Promise<number> {
    // All or none: the rows in one transaction of their own (synchronous, so nothing else runs).
    return this.outside(() => this.db.transaction(() => this.direct.insertRows(insert, rows))());
  }

  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    this.refuseInside();
    const release = await this.writer.acquire();
    try {
      this.begin.run();
      try {
        const tx = new SqliteTransaction(this.db, this.direct);
        const inside = this.inside;
        const result = await (inside ? inside.run(true, () => fn(tx)) : fn(tx));
        this.commit.run();
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.rollback.run();
        throw error;
      }
    } finally {
      release();
    }
  }

  private refuseInside(): void {
    if (this.inside?.getStore())
      throw new Error(
        'inside a transaction, statements go through its `tx`: the database would wait for itself',
      );
  }

  /** Runs a script of statements without parameters (migrations). */
  exec(script: string): void {
    this.db.exec(script);
  }

  /** A statement outside any transaction: at once when none is open (the common case), else after. */
  private outside<T>(call: () => T): Promise<T> {
    if (!this.writer.busy) return settle(call);
    try {
      this.refuseInside();
    } catch (error) {
      return Promise.reject(error);
    }
    return this.afterWriters(call);
  }

  private async afterWriters<T>(call: () => T): Promise<T> {
    while (this.writer.busy) await this.writer.idle();
    return call();
  }
}

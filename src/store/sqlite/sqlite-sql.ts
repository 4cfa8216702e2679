import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import { Mutex } from '../mutex.js';
import type { Sql, SqlValue } from '../sql.js';

type Handle = Database.Database;

/** better-sqlite3 binds numbers, strings and null; a boolean is kept as 1 or 0. */
const bind = (params: readonly SqlValue[]): unknown[] =>
  params.map((value) => (typeof value === 'boolean' ? Number(value) : value));

/** Prepared statements by SQL text: a repository's statements are prepared once per connection. */
class Statements {
  private readonly cache = new Map<string, Database.Statement>();
  constructor(private readonly db: Handle) {}

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
    return this.statements.get(sql).all(...bind(params)) as T[];
  }
  get<T>(sql: string, params: readonly SqlValue[] = []): T | undefined {
    return this.statements.get(sql).get(...bind(params)) as T | undefined;
  }
  run(sql: string, params: readonly SqlValue[] = []): number {
    return this.statements.get(sql).run(...bind(params)).changes;
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
 * SQLite through better-sqlite3 behind the async `Sql` seam. The connection is shared by the whole
 * process, so a transaction that awaits must not let anyone else's statement in: transactions take
 * turns (BEGIN IMMEDIATE, which also serialises them with other processes on the file), and a
 * statement outside any transaction waits until none is open. With none open it runs at once.
 */
export class SqliteSql implements Sql {
  readonly dialect = 'sqlite' as const;
  private readonly direct: Direct;
  private readonly writer: Mutex;
  /** Set inside a transaction's callback: a statement there through `this` would wait for itself. */
  private readonly inside = new AsyncLocalStorage<true>();

  constructor(readonly db: Handle) {
    this.writer = writerOf(db);
    this.direct = new Direct(new Statements(db));
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

  async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
    this.refuseInside();
    const release = await this.writer.acquire();
    try {
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const tx = new SqliteTransaction(this.db, this.direct);
        const result = await this.inside.run(true, () => fn(tx));
        this.db.exec('COMMIT');
        return result;
      } catch (error) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw error;
      }
    } finally {
      release();
    }
  }

  private refuseInside(): void {
    if (this.inside.getStore())
      throw new Error(
        'inside a transaction, statements go through its `tx`: the database would wait for itself',
      );
  }

  /** Runs a script of statements without parameters (migrations). */
  exec(script: string): void {
    this.db.exec(script);
  }

  private async outside<T>(call: () => T): Promise<T> {
    this.refuseInside();
    while (this.writer.busy) await this.writer.idle();
    return call();
  }
}

/**
 * The one seam between the repositories and a database driver. Repositories are written once, in
 * SQL both SQLite and PostgreSQL run, against this interface; each driver (store/sqlite/,
 * store/postgres/) implements it. Nothing outside store/ sees it.
 *
 * SQL uses `?` placeholders, values in order (a driver rewrites them if it must). Write portable SQL:
 * `INSERT … ON CONFLICT … DO UPDATE`, `RETURNING`, `IN (${placeholders(n)})` rather than `json_each`,
 * no `rowid`, no `INSERT OR REPLACE`. Booleans go in as `true`/`false` and come back as whatever the
 * database keeps (0/1 or a boolean): read them with `Boolean(…)`.
 */
export type SqlValue = string | number | boolean | null;

export type Dialect = 'sqlite' | 'postgres';

export interface Sql {
  readonly dialect: Dialect;
  /** Every row of a query. */
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** The first row, or undefined. */
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** A statement that changes rows; resolves with how many it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /**
   * Inserts `rows` into `insert.table`, each row the values of `insert.columns` in order, all or
   * none; `insert.onConflict` (an `ON CONFLICT …` clause) applies to each. Resolves with the rows
   * changed. Each driver writes them as suits it: SQLite through two statements prepared once (32
   * rows, and one), PostgreSQL a few thousand rows to a statement, one array per column (there a
   * statement is a round trip).
   */
  insertRows(insert: RowsInsert, rows: readonly (readonly SqlValue[])[]): Promise<number>;
  /**
   * Runs `fn` in a transaction: committed when it resolves, rolled back when it throws. Inside one
   * already (the `tx` given to `fn`), a savepoint: a nested failure undoes only its own part.
   */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
}

/**
 * A database as the storage layer uses it: statements (`sql`), locks held across every process
 * that shares the database, and its reachability. One per process; built by its driver's `open…`.
 */
export interface Driver {
  readonly sql: Sql;
  readonly dialect: Dialect;
  /**
   * Runs `fn` while holding the lock `name`, which one holder at a time has across every process on
   * this database (and every caller in this one); waits for it. A holder that dies loses it.
   */
  withLock<T>(name: string, fn: () => Promise<T>): Promise<T>;
  /**
   * Takes the lock `name` (the same one `withLock` takes) for the rest of the open transaction `tx`,
   * released when it commits or rolls back: one statement, on the transaction's own connection.
   */
  lockTransaction(tx: Sql, name: string): Promise<void>;
  /** Resolves when the database answers a trivial query, throws (a StoreError) when it cannot. */
  ping(): Promise<void>;
  /** Brings the query planner's statistics up to date after a bulk load. */
  refreshStatistics(): Promise<void>;
  /** Which database, for logs, `check-config` and `/ree status`: never a password. */
  readonly description: string;
  close(): Promise<void>;
}

/** An INSERT of many rows, as `Sql.insertRows` takes it. */
export interface RowsInsert {
  readonly table: string;
  readonly columns: readonly string[];
  /** `ON CONFLICT (…) DO UPDATE SET …` or `DO NOTHING`; none when absent. */
  readonly onConflict?: string;
}

/** `INSERT INTO table (columns) VALUES (?, …), … onConflict` for `rowCount` rows. */
export function insertSql(insert: RowsInsert, rowCount: number): string {
  const row = `(${placeholders(insert.columns.length)})`;
  const values = Array.from({ length: rowCount }, () => row).join(', ');
  const tail = insert.onConflict ? ` ${insert.onConflict}` : '';
  return `INSERT INTO ${insert.table} (${insert.columns.join(', ')}) VALUES ${values}${tail}`;
}

/** `?, ?, ?` for an `IN (…)` list of `count` values (at least one, so the SQL stays valid). */
export function placeholders(count: number): string {
  return Array.from({ length: Math.max(1, count) }, () => '?').join(', ');
}

/** A storage problem a person can act on (permissions, full disk, a database from a newer version). */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

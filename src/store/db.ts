import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { type Clock, systemClock } from '../clock.js';
import { MIGRATIONS, type Migration } from './migrations/index.js';

export type Db = Database.Database;

/** A storage problem a person can act on (permissions, full disk, a database from a newer version). */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}

export interface OpenDatabaseOptions {
  migrations?: readonly Migration[];
  clock?: Clock;
}

export interface MigrationResult {
  /** Versions applied by this call, oldest first; empty when the schema was current. */
  applied: number[];
  version: number;
}

/** Opens (creating if needed) the SQLite file in WAL mode and brings its schema up to date. */
export function openDatabase(
  path: string,
  options: OpenDatabaseOptions = {},
): { db: Db; migration: MigrationResult } {
  const inMemory = path === ':memory:';
  const where = inMemory ? path : resolve(path);
  let db: Db;
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

export function migrate(
  db: Db,
  migrations: readonly Migration[],
  clock: Clock = systemClock,
): MigrationResult {
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at INTEGER NOT NULL
  )`);
  const current = schemaVersion(db);
  const known = migrations.reduce((max, migration) => Math.max(max, migration.version), 0);
  if (current > known) {
    throw new StoreError(
      `the database schema is version ${current} but this ree-watch knows only up to ${known}; ` +
        'upgrade ree-watch or point DATABASE_PATH at another file',
    );
  }
  const applied: number[] = [];
  const record = db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)');
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (migration.version <= current) continue;
    // IMMEDIATE, and checked again inside: two processes starting on a new file at once both read
    // version 0, and the second must find the first's work done instead of creating tables twice.
    const ran = db
      .transaction(() => {
        if (schemaVersion(db) >= migration.version) return false;
        db.exec(migration.sqlite);
        record.run(migration.version, migration.name, clock.now());
        return true;
      })
      .immediate();
    if (ran) applied.push(migration.version);
  }
  return { applied, version: schemaVersion(db) };
}

export function schemaVersion(db: Db): number {
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as {
    version: number | null;
  };
  return row.version ?? 0;
}

/** An error raised by SQLite itself (better-sqlite3 gives every one a SQLITE_* code). */
export function isSqliteError(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_');
}

/** Turns SQLite's codes into words a person can act on. */
export function describeSqliteError(error: unknown): string {
  const code = (error as { code?: string } | undefined)?.code ?? '';
  const message = error instanceof Error ? error.message : String(error);
  if (code.startsWith('SQLITE_READONLY')) return `the file or its folder is read-only (${message})`;
  if (code === 'SQLITE_FULL') return `the disk is full (${message})`;
  // A refused write (ENOSPC, EFBIG over a file size limit, EPERM on an immutable file) surfaces as an I/O error.
  if (code.startsWith('SQLITE_IOERR'))
    return `a write or read failed: the disk may be full or read-only, or a file size limit was reached (${message})`;
  if (code.startsWith('SQLITE_CANTOPEN'))
    return `the file cannot be opened; check the path and permissions (${message})`;
  if (code === 'SQLITE_BUSY') return `another process holds a lock on the database for too long (${message})`;
  if (code === 'SQLITE_CORRUPT' || code === 'SQLITE_NOTADB')
    return `the file is not a valid ree-watch database (${message})`;
  if (code === 'EACCES' || code === 'EROFS') return `permission denied (${message})`;
  return message;
}

import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { StoreError } from '../../src/store/sql.js';
import { migrate, schemaVersion } from '../../src/store/sqlite/migrate.js';
import { openSqliteDatabase as openDatabase } from '../../src/store/sqlite/open-database.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();

describe('migrate beside another process', () => {
  it('finds the migrations another process applied after it read the version, instead of failing', () => {
    const path = join(tempDir(), 'ree.db');
    const first = new Database(path);
    const second = new Database(path);
    for (const db of [first, second]) db.pragma('busy_timeout = 5000');
    migrate(first, []); // schema_migrations exists, version 0: both processes start from here
    // The other process wins the race just after this one read version 0.
    let raced = false;
    const racing = MIGRATIONS.map((migration) => ({
      ...migration,
      get version() {
        if (!raced) {
          raced = true;
          migrate(second, MIGRATIONS);
        }
        return migration.version;
      },
    }));
    const result = migrate(first, racing);
    expect(result.applied).toEqual([]);
    expect(result.version).toBe(Math.max(...MIGRATIONS.map((migration) => migration.version)));
    first.close();
    second.close();
  });
});

describe('openDatabase', () => {
  it('creates the database folder on first run and uses WAL mode', () => {
    const path = join(tempDir(), 'nested', 'dir', 'ree.db');
    const { db, migration } = openDatabase(path);
    expect(existsSync(path)).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(migration.applied).toEqual(MIGRATIONS.map((m) => m.version));
    db.close();
  });

  it('re-running the migrations on a current database is a no-op', () => {
    const path = join(tempDir(), 'ree.db');
    openDatabase(path).db.close();
    const { db, migration } = openDatabase(path);
    expect(migration.applied).toEqual([]);
    expect(migration.version).toBe(MIGRATIONS.at(-1)?.version);
    db.close();
  });

  it('migrates a database left at an older version without losing its data', () => {
    const path = join(tempDir(), 'old.db');
    const old = new Database(path);
    migrate(old, MIGRATIONS.slice(0, 1));
    old
      .prepare(
        "INSERT INTO series (source, reporter, partner, flow, hs, unit) VALUES ('comtrade', 'CN', 'IN', 'export', '850511', 'USD')",
      )
      .run();
    old
      .prepare(
        "INSERT INTO observations (series_id, period, value, fetched_at, updated_at) VALUES (1, '2025-01', 100, 0, 0)",
      )
      .run();
    expect(schemaVersion(old)).toBe(1);
    old.close();

    const { db, migration } = openDatabase(path);
    expect(migration.applied).toEqual(MIGRATIONS.slice(1).map((m) => m.version));
    expect(db.prepare('SELECT value FROM observations WHERE period = ?').get('2025-01')).toEqual({
      value: 100,
    });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'outbox'").get()).toEqual({
      name: 'outbox',
    });
    db.close();
  });

  it('refuses a database written by a newer ree-watch, saying what to do', () => {
    const path = join(tempDir(), 'future.db');
    openDatabase(path).db.close();
    const future = new Database(path);
    future
      .prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, ?, 0)')
      .run('from the future');
    future.close();
    expect(() => openDatabase(path)).toThrow(StoreError);
    expect(() => openDatabase(path)).toThrow(
      /schema is version 99 but this ree-watch knows only up to \d+; upgrade ree-watch/,
    );
  });

  it('explains a path it cannot create instead of crashing', () => {
    const file = join(tempDir(), 'plain-file');
    writeFileSync(file, 'x');
    expect(() => openDatabase(join(file, 'ree.db'))).toThrow(
      /cannot open the database at .*plain-file\/ree\.db/,
    );
  });

  it('explains a file that is not a database', () => {
    const path = join(tempDir(), 'ree.db');
    writeFileSync(path, 'this is not sqlite '.repeat(100));
    expect(() => openDatabase(path)).toThrow(/not a valid ree-watch database/);
  });
});

describe('migration 010: the request log gets an id column', () => {
  it('keeps every logged request under the id it was read by before', () => {
    const path = join(tempDir(), 'ree.db');
    const old = new Database(path);
    migrate(old, MIGRATIONS.slice(0, 9));
    const insert = old.prepare('INSERT INTO http_requests (host, at) VALUES (?, ?)');
    for (const [host, at] of [
      ['comtrade.un.org', 10],
      ['api.census.gov', 20],
      ['comtrade.un.org', 30],
    ] as const)
      insert.run(host, at);
    old.prepare('DELETE FROM http_requests WHERE at = 20').run();
    const before = old.prepare('SELECT rowid AS id, host, at FROM http_requests ORDER BY rowid').all();
    old.close();

    const { db } = openDatabase(path);
    expect(db.prepare('SELECT id, host, at FROM http_requests ORDER BY id').all()).toEqual(before);
    db.prepare('INSERT INTO http_requests (host, at) VALUES (?, ?)').run('comtrade.un.org', 40);
    expect(db.prepare('SELECT MAX(id) AS id FROM http_requests').get()).toEqual({ id: 4 });
    db.close();
  });
});

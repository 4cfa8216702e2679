import type Database from 'better-sqlite3';
import { type Clock, systemClock } from '../../clock.js';
import type { Migration, MigrationResult } from '../migrations/index.js';
import { StoreError } from '../sql.js';

/** Brings a SQLite database's schema up to date, running each migration's SQLite script once. */
export function migrate(
  db: Database.Database,
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

export function schemaVersion(db: Database.Database): number {
  const row = db.prepare('SELECT MAX(version) AS version FROM schema_migrations').get() as {
    version: number | null;
  };
  return row.version ?? 0;
}

import type pg from 'pg';
import type { Migration, MigrationResult } from '../migrations/index.js';
import { StoreError } from '../sql.js';

/** Serialises every ree-watch process migrating the same database (a session advisory lock). */
const MIGRATION_LOCK = [0x52455757 | 0, 0] as const;

/**
 * Brings the schema up to date, each migration in its own transaction, all under one advisory lock:
 * two replicas starting together migrate once, and the second finds the work done.
 */
export async function migratePostgres(
  pool: pg.Pool,
  migrations: readonly Migration[],
  now: number,
): Promise<MigrationResult> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1, $2)', [...MIGRATION_LOCK]);
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
        version integer PRIMARY KEY,
        name text NOT NULL,
        applied_at bigint NOT NULL
      )`);
      const version = async () =>
        Number(
          (
            await client.query<{ version: number | null }>(
              'SELECT MAX(version) AS version FROM schema_migrations',
            )
          ).rows[0]?.version ?? 0,
        );
      const current = await version();
      const known = migrations.reduce((max, migration) => Math.max(max, migration.version), 0);
      if (current > known)
        throw new StoreError(
          `the database schema is version ${current} but this ree-watch knows only up to ${known}; ` +
            'upgrade ree-watch or point DATABASE_URL at another database',
        );
      const applied: number[] = [];
      for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
        if (migration.version <= current) continue;
        await client.query('BEGIN');
        try {
          await client.query(migration.postgres);
          await client.query(
            'INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)',
            [migration.version, migration.name, now],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          throw new StoreError(
            `migration ${migration.version} (${migration.name}) failed: ${error instanceof Error ? error.message : String(error)}`,
            { cause: error },
          );
        }
        applied.push(migration.version);
      }
      return { applied, version: await version() };
    } finally {
      await client.query('SELECT pg_advisory_unlock($1, $2)', [...MIGRATION_LOCK]).catch(() => undefined);
    }
  } finally {
    client.release();
  }
}

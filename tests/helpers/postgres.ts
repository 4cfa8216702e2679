import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

/**
 * A new empty database on the test run's PostgreSQL server (tests/helpers/postgres-setup.ts), so
 * tests never see each other's rows; returns its URL. Dropped with the server at the end of the run.
 */
export async function createTestDatabase(prefix = 'test'): Promise<string> {
  const admin = inject('postgresUrl');
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return url.toString();
}

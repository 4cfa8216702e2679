import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import {
  createPostgresDriver,
  describePostgresUrl,
  openPostgres,
  type PostgresDriver,
} from '../../src/store/postgres/pg-driver.js';
import { openSqlite } from '../../src/store/sqlite/driver.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { type PostgresServer, startPostgres } from '../helpers/postgres-server.js';

const drivers: PostgresDriver[] = [];
afterEach(async () => {
  for (const driver of drivers.splice(0)) await driver.close();
});

async function open(url: string, options: { retryForMs?: number } = {}) {
  const opened = await openPostgres(
    { url, poolSize: 4, logger: silentLogger(), ...options },
    MIGRATIONS,
    () => Date.now(),
  );
  drivers.push(opened.driver);
  return opened;
}

/** table → its columns, sorted, as the database reports them. */
async function sqliteSchema(): Promise<Map<string, string[]>> {
  const sqlite = await openSqlite(':memory:');
  const tables = await sqlite.sql.all<{ name: string }>(
    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
  );
  const schema = new Map<string, string[]>();
  for (const { name } of tables)
    schema.set(
      name,
      (await sqlite.sql.all<{ name: string }>(`PRAGMA table_info(${name})`)).map((c) => c.name).sort(),
    );
  await sqlite.close();
  return schema;
}

describe('PostgreSQL driver', () => {
  it('creates the same tables and columns as the SQLite migrations, version for version', async () => {
    const { driver, migration } = await open(await createTestDatabase());
    expect(migration.applied).toEqual(MIGRATIONS.map((m) => m.version));
    const rows = await driver.sql.all<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'
       ORDER BY table_name, column_name`,
    );
    const schema = new Map<string, string[]>();
    for (const row of rows)
      schema.set(row.table_name, [...(schema.get(row.table_name) ?? []), row.column_name]);
    expect(schema).toEqual(await sqliteSchema());
  });

  it('migrates once when two processes open a new database together', async () => {
    const url = await createTestDatabase();
    const [first, second] = await Promise.all([open(url), open(url)]);
    expect([...first.migration.applied, ...second.migration.applied].sort((a, b) => a - b)).toEqual(
      MIGRATIONS.map((m) => m.version),
    );
    const versions = await first.driver.sql.all<{ version: number }>('SELECT version FROM schema_migrations');
    expect(versions).toHaveLength(MIGRATIONS.length);
  });

  it('refuses a database migrated by a newer ree-watch, naming DATABASE_URL', async () => {
    const url = await createTestDatabase();
    const { driver } = await open(url);
    await driver.sql.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
      999,
      'future',
      0,
    ]);
    await expect(open(url)).rejects.toThrow(/schema is version 999 .*DATABASE_URL/);
  });

  it('reads epoch milliseconds and counts back as numbers', async () => {
    const { driver } = await open(await createTestDatabase());
    await driver.sql.run('INSERT INTO job_runs (name, next_due_at) VALUES (?, ?)', [
      'poll',
      1_764_000_000_123,
    ]);
    expect(
      await driver.sql.get('SELECT next_due_at, COUNT(*) AS n FROM job_runs GROUP BY next_due_at'),
    ).toEqual({
      next_due_at: 1_764_000_000_123,
      n: 1,
    });
  });

  it('holds a named lock across processes: the second holder waits for the first', async () => {
    const url = await createTestDatabase();
    const a = createPostgresDriver({ url, poolSize: 2, logger: silentLogger() });
    const b = createPostgresDriver({ url, poolSize: 2, logger: silentLogger() });
    drivers.push(a, b);
    const order: string[] = [];
    const hold = (driver: PostgresDriver, name: string) =>
      driver.withLock('alert-cycle', async () => {
        order.push(`${name} in`);
        await new Promise((resolve) => setTimeout(resolve, 50));
        order.push(`${name} out`);
      });
    await Promise.all([hold(a, 'a'), hold(b, 'b'), hold(a, 'c')]);
    for (let i = 0; i < order.length; i += 2) expect(order[i + 1]).toBe(order[i]?.replace('in', 'out'));
    expect(order).toHaveLength(6);
  });

  it('describes the database without its password', () => {
    expect(describePostgresUrl('postgres://ree:s3cret-pw@db.internal:6543/reewatch?sslmode=require')).toBe(
      'PostgreSQL ree@db.internal:6543/reewatch',
    );
  });
});

describe('PostgreSQL driver when the server goes away', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  }, 60_000);
  afterAll(() => server?.stop());

  it('reconnects by itself after a restart: reads and transactions succeed', async () => {
    const { driver } = await open(await server.createDatabase('restart'), { retryForMs: 20_000 });
    await driver.sql.run('INSERT INTO job_runs (name) VALUES (?)', ['before']);
    await server.restart();
    // Every pooled connection was dropped; the pool and the retry take care of it.
    expect(await driver.sql.all('SELECT name FROM job_runs')).toEqual([{ name: 'before' }]);
    await driver.sql.transaction(async (tx) => {
      await tx.run('INSERT INTO job_runs (name) VALUES (?)', ['after']);
    });
    expect(await driver.sql.all('SELECT name FROM job_runs ORDER BY name')).toEqual([
      { name: 'after' },
      { name: 'before' },
    ]);
  });

  it('answers ping with why while the server is down, and again once it is back', async () => {
    const { driver } = await open(await server.createDatabase('down_up'));
    server.down();
    try {
      await expect(driver.ping()).rejects.toThrow(
        /nothing answers at PostgreSQL postgres@127\.0\.0\.1:\d+\/down_up/,
      );
    } finally {
      server.up();
    }
    await expect(driver.ping()).resolves.toBeUndefined();
  });

  it('says why it cannot open a database that is not there', async () => {
    await expect(open(server.url('missing_db'), { retryForMs: 0 })).rejects.toThrow(
      /database of PostgreSQL postgres@127\.0\.0\.1:\d+\/missing_db does not exist/,
    );
  });
});

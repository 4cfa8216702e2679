import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { copyDatabase } from '../../src/store/copy/copy.js';
import { MIGRATIONS } from '../../src/store/migrations/index.js';
import { openPostgres, type PostgresDriver } from '../../src/store/postgres/pg-driver.js';
import type { Sql } from '../../src/store/sql.js';
import { openSqlite } from '../../src/store/sqlite/driver.js';
import { createTestDatabase } from '../helpers/postgres.js';

const opened: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const close of opened.splice(0)) await close();
});

async function sqliteWithRows(): Promise<Sql> {
  const sqlite = await openSqlite(':memory:');
  const sql = sqlite.sql;
  opened.push(() => sqlite.close());
  await sql.run('INSERT INTO series (source, reporter, partner, flow, hs, unit) VALUES (?, ?, ?, ?, ?, ?)', [
    'comtrade',
    'CN',
    'IN',
    'export',
    '850511',
    'kg',
  ]);
  for (let month = 1; month <= 12; month++)
    await sql.run(
      'INSERT INTO observations (series_id, period, value, status, fetched_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      [
        1,
        `2025-${String(month).padStart(2, '0')}`,
        month === 5 ? null : 400_000.5 * month,
        month === 5 ? 'suppressed' : 'reported',
        1,
        2,
      ],
    );
  await sql.run(
    'INSERT INTO source_health (source, healthy, consecutive_failures) VALUES (?, ?, ?), (?, ?, ?)',
    ['comtrade', true, 0, 'census', false, 3],
  );
  await sql.run(
    'INSERT INTO notices (source, id, title, url, published_at, first_seen_at, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [
      'mofcom',
      '/art/2025/18.html',
      '商务部 海关总署公告2025年第18号 稀土',
      'https://www.mofcom.gov.cn/x',
      1_743_724_800_000,
      1,
      1,
    ],
  );
  await sql.run(
    `INSERT INTO outbox (idempotency_key, platform, channel, payload, created_at, not_before) VALUES (?, ?, ?, ?, ?, ?)`,
    ['k1', 'slack', 'C1', '{"text":"▼ fell"}', 5, 5],
  );
  await sql.run('INSERT INTO delivery_attempts (outbox_id, at, outcome, detail) VALUES (?, ?, ?, ?)', [
    1,
    6,
    'transient',
    'timeout',
  ]);
  return sql;
}

async function postgresTarget(): Promise<PostgresDriver> {
  const { driver } = await openPostgres(
    { url: await createTestDatabase('copy'), poolSize: 4, logger: silentLogger() },
    MIGRATIONS,
    () => 0,
  );
  opened.push(() => driver.close());
  return driver;
}

describe('copying a SQLite database into PostgreSQL', () => {
  it('copies every table and proves it: same rows and checksums on both sides', async () => {
    const source = await sqliteWithRows();
    const target = await postgresTarget();

    const reports = await copyDatabase(source, target.sql, { resume: false, batchSize: 5 });

    expect(reports.filter((report) => !report.same)).toEqual([]);
    expect(
      Object.fromEntries(reports.filter((r) => r.sourceRows > 0).map((r) => [r.table, r.targetRows])),
    ).toEqual({
      series: 1,
      observations: 12,
      source_health: 2,
      notices: 1,
      outbox: 1,
      delivery_attempts: 1,
    });
    expect(await target.sql.all('SELECT source, healthy FROM source_health ORDER BY source')).toEqual([
      { source: 'census', healthy: false },
      { source: 'comtrade', healthy: true },
    ]);
    // New rows continue after the copied ids.
    await target.sql.run(
      'INSERT INTO outbox (idempotency_key, platform, channel, payload, created_at, not_before) VALUES (?, ?, ?, ?, ?, ?)',
      ['k2', 'slack', 'C1', '{}', 7, 7],
    );
    expect(await target.sql.all('SELECT id FROM outbox ORDER BY id')).toEqual([{ id: 1 }, { id: 2 }]);
  });

  it('refuses a target that already holds rows, unless resuming; a resumed copy ends identical', async () => {
    const source = await sqliteWithRows();
    const target = await postgresTarget();
    // An interrupted copy: some observations are there, the rest is not.
    await target.sql.run(
      'INSERT INTO series (id, source, reporter, partner, flow, hs, unit) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [1, 'comtrade', 'CN', 'IN', 'export', '850511', 'kg'],
    );
    await target.sql.run(
      'INSERT INTO observations (series_id, period, value, status, fetched_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      [1, '2025-01', 400_000.5, 'reported', 1, 2],
    );

    await expect(copyDatabase(source, target.sql, { resume: false })).rejects.toThrow(
      /the target already holds rows in series \(1\), observations \(1\): copy into an empty database, or add --resume/,
    );
    const reports = await copyDatabase(source, target.sql, { resume: true, batchSize: 4 });
    expect(reports.every((report) => report.same)).toBe(true);
    expect(reports.find((report) => report.table === 'observations')).toMatchObject({
      targetRows: 12,
      copied: 11,
    });
  });

  it('notices a row that differs: the checksums disagree', async () => {
    const source = await sqliteWithRows();
    const target = await postgresTarget();
    await copyDatabase(source, target.sql, { resume: false });
    await target.sql.run('UPDATE observations SET value = ? WHERE period = ?', [1, '2025-03']);
    const again = await copyDatabase(source, target.sql, { resume: true });
    expect(again.filter((report) => !report.same).map((report) => report.table)).toEqual(['observations']);
  });
});

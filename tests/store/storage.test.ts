import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src/model/trade.js';
import type { Driver, Sql } from '../../src/store/sql.js';
import { openSqlite } from '../../src/store/sqlite/driver.js';
import { createStorage } from '../../src/store/storage.js';
import { createTestDatabase } from '../helpers/postgres.js';
import { openTestStorage, testStoreDriver } from '../helpers/storage.js';

const month = (period: string, value: number, partner = 'IN'): Observation => ({
  source: 'comtrade',
  reporter: 'CN',
  partner,
  flow: 'export',
  hs: '850511',
  period,
  value,
  unit: 'USD',
  status: 'reported',
  fetchedAt: 0,
});
const series = (partner: string) => ({ ...month('x', 0, partner) });

describe('Storage.transaction', () => {
  it('keeps what its repositories wrote together, across tables, or none of it', async () => {
    const storage = await openTestStorage();
    const channel = { platform: 'slack', channel: 'C1' } as const;
    await expect(
      storage.transaction(async ({ subscriptions, outbox }) => {
        await subscriptions.subscribe(channel, ['china-india-magnets'], 'U1', 0);
        await outbox.enqueue([{ ...channel, idempotencyKey: 'k1', payload: { text: 'hi' } }], 0);
        throw new Error('the cycle failed half-way');
      }),
    ).rejects.toThrow('half-way');
    expect(await storage.subscriptions.forChannel(channel)).toEqual([]);
    expect(await storage.deliveryStatus.pendingCount()).toBe(0);

    await storage.transaction(async ({ subscriptions, outbox }) => {
      await subscriptions.subscribe(channel, ['china-india-magnets'], 'U1', 0);
      await outbox.enqueue([{ ...channel, idempotencyKey: 'k1', payload: { text: 'hi' } }], 0);
    });
    expect(await storage.subscriptions.forChannel(channel)).toHaveLength(1);
    expect(await storage.deliveryStatus.pendingCount()).toBe(1);
  });

  it('with a lock, the read-then-write transactions of two processes on one database take turns', async () => {
    const path =
      testStoreDriver() === 'postgres'
        ? await createTestDatabase()
        : join(mkdtempSync(join(tmpdir(), 'ree-storage-lock-')), 'ree.db');
    const processes = [await openTestStorage({ path }), await openTestStorage({ path })];
    // Each stores the month after the last one it finds: alone, each finds the other's.
    const next = (storage: (typeof processes)[number]) =>
      storage.transaction(
        async (repositories) => {
          const stored = await repositories.observations.history(series('IN'));
          await new Promise((resolve) => setTimeout(resolve, 50));
          return repositories.observations.upsert([month(`2025-0${stored.length + 1}`, 100)]);
        },
        { lock: 'ingest' },
      );
    await Promise.all(processes.map(next));
    const months = await processes[0]?.observations.history(series('IN'));
    expect(months?.map((stored) => stored.period)).toEqual(['2025-01', '2025-02']);
  });

  it('refreshes the planner statistics after a bulk load of 10,000 rows or more, and not before', async () => {
    const storage = await openTestStorage();
    const analysed = async (): Promise<boolean> =>
      storage.dialect === 'postgres'
        ? (
            await storage.sql.get<{ at: unknown }>(
              "SELECT last_analyze AS at FROM pg_stat_user_tables WHERE relname = 'observations'",
            )
          )?.at != null
        : // SQLite plans from its indexes: it is never asked to ANALYZE (which would create sqlite_stat1).
          (await storage.sql.get("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")) !== undefined;
    await storage.refreshStatistics(9_999);
    expect(await analysed()).toBe(false);
    await storage.refreshStatistics(10_000);
    expect(await analysed()).toBe(storage.dialect === 'postgres');
  });

  it('run again by a driver after a lost connection, stores an answer once, under the series it created then', async () => {
    const sqlite = await openSqlite(':memory:');
    // Like a driver whose connection dropped before COMMIT: the first run is rolled back, another
    // process writes meanwhile (here: the series for Japan, taking the id the first run had used),
    // and the callback is run again from the start.
    let runs = 0;
    const retrying: Sql = {
      dialect: sqlite.sql.dialect,
      all: (sql, params) => sqlite.sql.all(sql, params),
      get: (sql, params) => sqlite.sql.get(sql, params),
      run: (sql, params) => sqlite.sql.run(sql, params),
      insertRows: (insert, rows) => sqlite.sql.insertRows(insert, rows),
      async transaction(fn) {
        for (;;) {
          const attempt = ++runs;
          try {
            return await sqlite.sql.transaction(async (tx) => {
              const result = await fn(tx);
              if (attempt === 1) throw new Error('connection lost before COMMIT');
              return result;
            });
          } catch (error) {
            if (attempt !== 1) throw error;
            await sqlite.sql.run(
              "INSERT INTO series (source, reporter, partner, flow, hs, unit) VALUES ('comtrade', 'CN', 'JP', 'export', '850511', 'USD')",
            );
          }
        }
      },
    };
    const driver: Driver = {
      sql: retrying,
      dialect: sqlite.dialect,
      description: sqlite.description,
      withLock: (name, fn) => sqlite.withLock(name, fn),
      lockTransaction: () => sqlite.lockTransaction(),
      refreshStatistics: () => sqlite.refreshStatistics(),
      ping: () => sqlite.ping(),
      close: () => sqlite.close(),
    };
    const storage = createStorage(driver, sqlite.migration);

    const [stored] = await storage.transaction((repositories) =>
      repositories.observations.upsert([month('2025-04', 100)]),
    );
    expect(runs).toBe(2);
    expect(stored?.stored).toEqual(['2025-04']);
    // The next answer for India goes to India's series, not to the id the rolled-back run had.
    await storage.observations.upsert([month('2025-05', 42)]);
    expect((await storage.observations.history(series('IN'))).map((o) => [o.period, o.value])).toEqual([
      ['2025-04', 100],
      ['2025-05', 42],
    ]);
    expect(await storage.observations.history(series('JP'))).toEqual([]);
  });
});

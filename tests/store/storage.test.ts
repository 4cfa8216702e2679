import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src/model/trade.js';
import type { Driver, Sql } from '../../src/store/sql.js';
import { openSqlite } from '../../src/store/sqlite/driver.js';
import { createStorage } from '../../src/store/storage.js';
import { openTestStorage } from '../helpers/storage.js';

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

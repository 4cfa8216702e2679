import { describe, expect, it } from 'vitest';
import type { Observation } from '../../src/model/trade.js';
import { openTestStorage } from '../helpers/storage.js';

const observation = (
  period: string,
  value: number | null,
  extra: Partial<Observation> = {},
): Observation => ({
  source: 'comtrade',
  reporter: 'CN',
  partner: 'IN',
  flow: 'export',
  hs: '850511',
  period,
  value,
  unit: 'USD',
  status: value === null ? 'suppressed' : 'reported',
  fetchedAt: 1_000,
  ...extra,
});

async function setup() {
  const storage = await openTestStorage();
  return { storage, store: storage.observations, notices: storage.notices };
}

describe('ObservationRepository', () => {
  it('stores new months and reports them per series', async () => {
    const { store } = await setup();
    const [result] = await store.upsert([observation('2025-05', 1_238), observation('2025-04', 2_627)]);
    expect(result?.stored).toEqual(['2025-04', '2025-05']);
    expect(await store.summary(result?.key ?? observation('x', 0))).toEqual({
      periods: 2,
      latest: '2025-05',
    });
  });

  it('summarises many series in one call, in the order asked, a series never stored as empty', async () => {
    const { store } = await setup();
    const months = Array.from(
      { length: 40 },
      (_, i) => `20${22 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
    );
    const kg = (period: string) => observation(period, 5, { unit: 'kg' });
    await store.upsert([...months.map((m) => observation(m, 1)), ...months.slice(0, 3).map(kg)]);
    const usd = observation('x', 0);
    expect(await store.summaries([{ ...usd, unit: 'kg' }, { ...usd, hs: '999999' }, usd])).toEqual([
      { periods: 3, latest: '2022-03' },
      { periods: 0, latest: null },
      { periods: 40, latest: '2025-04' },
    ]);
  });

  it('writes nothing at all when an unchanged batch is stored again', async () => {
    const { store, storage } = await setup();
    const batch = [
      observation('2025-04', 2_627),
      observation('2025-05', 1_238),
      observation('2025-06', null),
    ];
    await store.upsert(batch);
    const before = await storage.writeMark();
    const [result] = await store.upsert(batch.map((o) => ({ ...o, fetchedAt: 2_000 })));
    expect(await storage.writeMark()).toBe(before);
    expect(result).toMatchObject({ stored: [], unchanged: ['2025-04', '2025-05', '2025-06'], revised: [] });
  });

  it('updates a changed month and records a revision holding both values and statuses', async () => {
    const { store, storage } = await setup();
    await store.upsert([observation('2025-05', 1_238), observation('2025-06', null)]);
    const [result] = await store.upsert([
      observation('2025-05', 1_300, { fetchedAt: 5_000 }),
      observation('2025-06', 3_188, { fetchedAt: 5_000 }),
    ]);
    expect(result?.revised).toEqual([
      { period: '2025-05', oldValue: 1_238, newValue: 1_300, oldStatus: 'reported', newStatus: 'reported' },
      { period: '2025-06', oldValue: null, newValue: 3_188, oldStatus: 'suppressed', newStatus: 'reported' },
    ]);
    expect(
      await storage.sql.all(
        'SELECT old_value, new_value, revised_at FROM observation_revisions ORDER BY period',
      ),
    ).toEqual([
      { old_value: 1_238, new_value: 1_300, revised_at: 5_000 },
      { old_value: null, new_value: 3_188, revised_at: 5_000 },
    ]);
    expect(
      (await store.history(result?.key ?? observation('x', 0))).map((o) => [o.period, o.value, o.updatedAt]),
    ).toEqual([
      ['2025-05', 1_300, 5_000],
      ['2025-06', 3_188, 5_000],
    ]);
  });

  it('keeps series apart by source, partner, flow, HS code and unit', async () => {
    const { store } = await setup();
    const results = await store.upsert([
      observation('2025-05', 1),
      observation('2025-05', 2, { unit: 'kg' }),
      observation('2025-05', 3, { partner: 'US' }),
      observation('2025-05', 4, { source: 'gacc', hs: '85051110' }),
    ]);
    expect(results).toHaveLength(4);
    expect(results.every((result) => result.stored.length === 1)).toBe(true);
  });

  it('stores a series again after the transaction that first created it rolled back', async () => {
    const { store, storage } = await setup();
    await expect(
      storage.transaction(async (repositories) => {
        await repositories.observations.upsert([observation('2025-05', 1)]);
        throw new Error('the answer could not be stored whole');
      }),
    ).rejects.toThrow('could not be stored whole');
    expect(await store.summary(observation('x', 0))).toEqual({ periods: 0, latest: null });
    const [result] = await store.upsert([observation('2025-05', 1)]);
    expect(result?.stored).toEqual(['2025-05']);
    expect(await store.summary(observation('x', 0))).toEqual({ periods: 1, latest: '2025-05' });
  });
});

describe('NoticeRepository', () => {
  const notice = {
    source: 'mofcom',
    id: '/a.html',
    title: '公告',
    url: 'https://x/a.html',
    publishedAt: 1,
    agency: null,
    summary: null,
  };

  it('inserts once, writes nothing for a repeat, and updates a corrected title without making it new', async () => {
    const { notices, storage } = await setup();
    expect((await notices.upsert([notice], 10)).inserted).toHaveLength(1);
    const before = await storage.writeMark();
    expect(await notices.upsert([notice], 20)).toEqual({ inserted: [], updated: [], unchanged: 1 });
    expect(await storage.writeMark()).toBe(before);
    const corrected = await notices.upsert([{ ...notice, title: '公告（更正）' }], 30);
    expect(corrected.updated).toHaveLength(1);
    expect(await notices.get('mofcom', '/a.html')).toMatchObject({
      title: '公告（更正）',
      firstSeenAt: 10,
      fetchedAt: 30,
    });
  });
});

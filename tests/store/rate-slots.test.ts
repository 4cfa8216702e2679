import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/postgres.js';
import { openTestStorage, testStoreDriver } from '../helpers/storage.js';

const NOW = Date.parse('2025-07-01T00:00:00Z');
const workspace = { scope: 'slack:all:0', intervalMs: 200 };
const channel = (id: string) => ({ scope: `slack:channel:${id}:0`, intervalMs: 1_000 });

describe('shared posting limits (rate_slots)', () => {
  it('gives each send the next free slot of its scopes, and forgets the queue once time has passed', async () => {
    const db = await openTestStorage();
    const first = await db.rateSlots.reserve([workspace, channel('C1')], NOW);
    const sameChannel = await db.rateSlots.reserve([workspace, channel('C1')], NOW);
    const otherChannel = await db.rateSlots.reserve([workspace, channel('C2')], NOW);
    // C1's second send waits for the channel's next second; C2 only for the workspace's next slot.
    expect([first, sameChannel, otherChannel]).toEqual([NOW, NOW + 1_000, NOW + 400]);
    // An idle minute later, nobody owes anything: the next send goes at once.
    expect(await db.rateSlots.reserve([workspace, channel('C1')], NOW + 60_000)).toBe(NOW + 60_000);
  });

  it("a 429's Retry-After pauses the scope for every later send, then they follow one slot apart", async () => {
    const db = await openTestStorage();
    await db.rateSlots.block(['slack:channel:C1:0'], NOW + 30_000);
    // A shorter pause written later (another replica's older 429) does not shorten it.
    await db.rateSlots.block(['slack:channel:C1:0'], NOW + 5_000);
    expect(await db.rateSlots.reserve([workspace, channel('C1')], NOW)).toBe(NOW + 30_000);
    expect(await db.rateSlots.reserve([workspace, channel('C1')], NOW)).toBe(NOW + 31_000);
    expect(await db.rateSlots.reserve([workspace, channel('C2')], NOW)).toBe(NOW + 400);
  });

  it('replicas reserving at the same moment on their own connections never share a slot', async () => {
    // SQLite's in-memory database is one connection's: the race needs PostgreSQL's second pool.
    const url = testStoreDriver() === 'postgres' ? await createTestDatabase() : undefined;
    const first = await openTestStorage({ path: url });
    const second = url ? await openTestStorage({ path: url }) : first;
    const slots = await Promise.all(
      Array.from({ length: 40 }, (_, index) =>
        (index % 2 ? first : second).rateSlots.reserve([workspace, channel(`C${index}`)], NOW),
      ),
    );
    expect([...slots].sort((a, b) => a - b)).toEqual(
      Array.from({ length: 40 }, (_, index) => NOW + index * 200),
    );
  });
});

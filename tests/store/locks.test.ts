import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTestStorage } from '../helpers/storage.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const tick = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Storage.withLock', () => {
  it('lets one holder at a time in, across two connections to one database, in turn', async () => {
    const path = join(tempDir(), 'ree.db');
    const first = await openTestStorage({ path, locks: { retryMs: 5 } });
    const second = await openTestStorage({ path, locks: { retryMs: 5 } });
    const order: string[] = [];
    const hold = (name: string) => async () => {
      order.push(`${name} in`);
      await tick(50);
      order.push(`${name} out`);
    };
    const one = first.withLock('alert-cycle', hold('first'));
    await tick(10);
    await Promise.all([one, second.withLock('alert-cycle', hold('second'))]);
    expect(order).toEqual(['first in', 'first out', 'second in', 'second out']);
    // Another name is not held up by this one.
    await first.withLock('alert-cycle', async () => {
      await expect(second.withLock('housekeeping', async () => 'ran')).resolves.toBe('ran');
    });
    await first.close();
    await second.close();
  });

  it('queues the callers of one process, and gives the lock back when the holder throws', async () => {
    const storage = await openTestStorage();
    const order: number[] = [];
    const failing = storage.withLock('alert-cycle', async () => {
      await tick();
      order.push(1);
      throw new Error('the cycle failed');
    });
    const next = storage.withLock('alert-cycle', async () => order.push(2));
    await expect(failing).rejects.toThrow('the cycle failed');
    await next;
    expect(order).toEqual([1, 2]);
    expect(await storage.sql.all('SELECT name FROM locks')).toEqual([]);
  });

  it('takes over the lease of a holder that died once it runs out, and not before', async () => {
    const path = join(tempDir(), 'ree.db');
    let now = 1_000_000;
    const storage = await openTestStorage({ path, locks: { leaseMs: 10_000, retryMs: 5, now: () => now } });
    // A process that took the lock and died: its lease row stays until it runs out.
    await storage.sql.run('INSERT INTO locks (name, owner, until) VALUES (?, ?, ?)', [
      'alert-cycle',
      'dead-process',
      now + 10_000,
    ]);
    let ran = false;
    const waiting = storage.withLock('alert-cycle', async () => {
      ran = true;
    });
    await tick(50);
    expect(ran).toBe(false);
    now += 10_001;
    await waiting;
    expect(ran).toBe(true);
    await storage.close();
  });
});

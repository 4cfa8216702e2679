import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/model/time.js';
import { type Engine, engine } from '../helpers/engine.js';

async function queue(e: Engine, channel: string, tag: string): Promise<void> {
  await e.outbox.enqueue(
    [{ platform: 'slack', channel, idempotencyKey: `slack:${channel}:${tag}`, payload: { text: tag } }],
    e.clock.now(),
  );
}

const count = async (e: Engine, table: 'outbox' | 'delivery_attempts') =>
  (await e.storage.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))?.n;

describe('outbox retention', () => {
  it('deletes finished messages older than the cut-off with their attempts, and keeps pending and recent ones', async () => {
    const e = await engine();
    e.adapter('slack').answer([{ ok: false, kind: 'permanent', error: 'channel_not_found' }], 'C-gone');
    await queue(e, 'C-ok', 'old delivered');
    await queue(e, 'C-gone', 'old failed');
    await e.deliverAll();
    e.clock.advance(91 * DAY_MS);
    await queue(e, 'C-ok', 'recent delivered');
    await e.sender.drainOnce();
    expect(await count(e, 'outbox')).toBe(3);

    const removed = await e.outbox.purgeFinished(e.clock.now() - 90 * DAY_MS, 1);
    expect(removed).toEqual({ messages: 2, attempts: 2 });
    const texts = async () =>
      (
        await e.storage.sql.all<{ payload: string; state: string }>(
          'SELECT payload, state FROM outbox ORDER BY id',
        )
      ).map((row) => [JSON.parse(row.payload).text, row.state]);
    expect(await texts()).toEqual([['recent delivered', 'delivered']]);
    expect(await count(e, 'delivery_attempts')).toBe(1);

    // A message still waiting (a chat outage) is never deleted, whatever the cut-off.
    e.adapter('slack').answer([{ ok: false, kind: 'transient', error: 'HTTP 503' }], 'C-down');
    await queue(e, 'C-down', 'waiting');
    await e.sender.drainOnce();
    e.clock.advance(1_000);
    expect(await e.outbox.purgeFinished(e.clock.now())).toEqual({ messages: 1, attempts: 1 });
    expect(await texts()).toEqual([['waiting', 'pending']]);
    expect((await e.storage.deliveryStatus.summary()).pending).toBe(1);
    expect(await e.outbox.purgeFinished(e.clock.now() - 90 * DAY_MS)).toEqual({ messages: 0, attempts: 0 });
  });
});

import { describe, expect, it } from 'vitest';
import { DAY_MS } from '../../src/model/time.js';
import { DeliveryStatusStore } from '../../src/store/delivery-status.js';
import { engine } from '../helpers/engine.js';

function queue(e: ReturnType<typeof engine>, channel: string, tag: string): void {
  e.outbox.enqueue(
    [{ platform: 'slack', channel, idempotencyKey: `slack:${channel}:${tag}`, payload: { text: tag } }],
    e.clock.now(),
  );
}

const count = (e: ReturnType<typeof engine>, table: 'outbox' | 'delivery_attempts') =>
  (e.db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('outbox retention', () => {
  it('deletes finished messages older than the cut-off with their attempts, and keeps pending and recent ones', async () => {
    const e = engine();
    e.adapter('slack').answer([{ ok: false, kind: 'permanent', error: 'channel_not_found' }], 'C-gone');
    queue(e, 'C-ok', 'old delivered');
    queue(e, 'C-gone', 'old failed');
    await e.deliverAll();
    e.clock.advance(91 * DAY_MS);
    queue(e, 'C-ok', 'recent delivered');
    await e.sender.drainOnce();
    expect(count(e, 'outbox')).toBe(3);

    const removed = e.outbox.purgeFinished(e.clock.now() - 90 * DAY_MS, 1);
    expect(removed).toEqual({ messages: 2, attempts: 2 });
    const texts = () =>
      (
        e.db.prepare('SELECT payload, state FROM outbox ORDER BY id').all() as {
          payload: string;
          state: string;
        }[]
      ).map((row) => [JSON.parse(row.payload).text, row.state]);
    expect(texts()).toEqual([['recent delivered', 'delivered']]);
    expect(count(e, 'delivery_attempts')).toBe(1);

    // A message still waiting (a chat outage) is never deleted, whatever the cut-off.
    e.adapter('slack').answer([{ ok: false, kind: 'transient', error: 'HTTP 503' }], 'C-down');
    queue(e, 'C-down', 'waiting');
    await e.sender.drainOnce();
    e.clock.advance(1_000);
    expect(e.outbox.purgeFinished(e.clock.now())).toEqual({ messages: 1, attempts: 1 });
    expect(texts()).toEqual([['waiting', 'pending']]);
    expect(new DeliveryStatusStore(e.db).summary().pending).toBe(1);
    expect(e.outbox.purgeFinished(e.clock.now() - 90 * DAY_MS)).toEqual({ messages: 0, attempts: 0 });
  });
});

import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { Metrics } from '../../src/metrics.js';
import { DAY_MS } from '../../src/model/time.js';
import { OutboxSender } from '../../src/pipeline/outbox-sender.js';
import { SharedRateLimits } from '../../src/pipeline/shared-rate-limits.js';
import { engine } from '../helpers/engine.js';

/** Two replicas' senders on one database, both taking the platforms' limits from it. */
async function twoReplicas() {
  const e = await engine({ platforms: ['slack'] });
  const slots: number[] = [];
  const shared = new SharedRateLimits({
    reserve: async (scopes, now) => {
      const at = await e.storage.rateSlots.reserve(scopes, now);
      slots.push(at);
      return at;
    },
    block: (scopes, until) => e.storage.rateSlots.block(scopes, until),
  });
  const replica = (owner: string) =>
    new OutboxSender({
      outbox: e.outbox,
      subscriptions: e.subscriptions,
      adapters: e.adapters,
      clock: e.clock,
      logger: silentLogger(),
      metrics: new Metrics({ processMetrics: false }),
      maxAgeMs: DAY_MS,
      random: () => 0,
      sharedLimits: shared,
      // Waiting for a slot leaves the shared fake clock alone: the slots taken are what is checked.
      sleep: async () => {},
      owner,
    });
  const a = replica('replica-a');
  const b = replica('replica-b');
  /** Both drain side by side until nothing is pending, the fake clock moved to each next due time. */
  const drainBoth = async () => {
    let delivered = 0;
    for (;;) {
      const reports = await Promise.all([a.drainOnce(), b.drainOnce()]);
      delivered += reports[0].delivered + reports[1].delivered;
      const due = reports.flatMap((report) => (report.nextDueAt === null ? [] : [report.nextDueAt]));
      if (due.length === 0) return delivered;
      e.clock.set(Math.max(e.clock.now(), Math.min(...due)));
    }
  };
  return { e, shared, slots, a, drainBoth };
}

describe('platform limits shared by replicas on one database', () => {
  it('two replicas fanning out to 20 Slack channels take 20 workspace slots, 200 ms apart', async () => {
    const { e, slots, drainBoth } = await twoReplicas();
    await e.outbox.enqueue(
      Array.from({ length: 20 }, (_, index) => ({
        platform: 'slack' as const,
        channel: `C${index}`,
        idempotencyKey: `fan-out:${index}`,
        payload: { text: `alert ${index}` },
      })),
      e.clock.now(),
    );
    expect(await drainBoth()).toBe(20);
    expect(
      new Set(
        e
          .adapter('slack')
          .delivered()
          .map((send) => send.channel),
      ).size,
    ).toBe(20);
    // Together they took 20 distinct workspace slots, each at least 200 ms after the one before:
    // Slack's 5 a second for the two of them, not 5 each.
    const sorted = [...slots].sort((x, y) => x - y);
    expect(sorted).toHaveLength(20);
    for (const [index, at] of sorted.slice(1).entries())
      expect(at - (sorted[index] as number)).toBeGreaterThanOrEqual(200);
  });

  it("a 429's Retry-After received by one replica pauses that channel on the other", async () => {
    const { e, shared, a } = await twoReplicas();
    e.adapter('slack').answer([
      { ok: false, kind: 'rate-limited', retryAfterMs: 30_000, error: 'ratelimited' },
    ]);
    await e.outbox.enqueue(
      [{ platform: 'slack', channel: 'C1', idempotencyKey: 'k1', payload: { text: 'alert' } }],
      e.clock.now(),
    );
    expect(await a.drainOnce()).toMatchObject({ retrying: 1 });
    // The other replica, sending to C1 a second later, is told to wait out the rest of the 30 s.
    e.clock.advance(1_000);
    const at = await shared.reserve({ platform: 'slack', channel: 'C1' }, e.clock.now());
    expect(at - e.clock.now()).toBeGreaterThanOrEqual(29_000);
  });
});

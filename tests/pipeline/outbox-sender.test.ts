import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { Metrics } from '../../src/metrics.js';
import type { Platform } from '../../src/model/chat.js';
import { DAY_MS } from '../../src/model/time.js';
import { OutboxLoop } from '../../src/pipeline/outbox-loop.js';
import { OutboxSender } from '../../src/pipeline/outbox-sender.js';
import { type Engine, engine } from '../helpers/engine.js';
import { FakeChatAdapter } from '../helpers/fake-chat-adapter.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { seedNotice, subscribeAll } from '../helpers/seed.js';
import { openTestStorage } from '../helpers/storage.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();

async function queue(e: Engine, platform: Platform, channel: string, count = 1, tag = 'm'): Promise<void> {
  await e.outbox.enqueue(
    Array.from({ length: count }, (_, index) => ({
      platform,
      channel,
      idempotencyKey: `${platform}:${channel}:${tag}:${index + 1}`,
      payload: { text: `${tag} ${index + 1}` },
    })),
    e.clock.now(),
  );
}

const attempts = (e: Engine) =>
  e.storage.sql.all<{ outcome: string; detail: string }>(
    'SELECT outcome, detail FROM delivery_attempts ORDER BY id',
  );

describe('rate limits answered by the platform', () => {
  it('429 "retry after 1 s" three times, then ok: delivered once, after at least 3 s of waiting', async () => {
    const e = await engine();
    e.adapter('slack').answer(
      [1, 2, 3].map(() => ({ ok: false, kind: 'rate-limited', retryAfterMs: 1_000, error: 'ratelimited' })),
    );
    await queue(e, 'slack', 'C1');
    const { waitedMs } = await e.deliverAll();
    expect(e.adapter('slack').sends.map((send) => send.result.ok)).toEqual([false, false, false, true]);
    expect(e.adapter('slack').delivered()).toHaveLength(1);
    expect(waitedMs).toBeGreaterThanOrEqual(3_000);
    const gaps = e
      .adapter('slack')
      .sends.slice(1)
      .map((send, index) => send.at - (e.adapter('slack').sends[index]?.at ?? 0));
    expect(gaps.every((gap) => gap >= 1_000)).toBe(true);
    expect((await attempts(e)).map((attempt) => attempt.outcome)).toEqual([
      'rate-limited',
      'rate-limited',
      'rate-limited',
      'delivered',
    ]);
    expect(await e.sender.drainOnce()).toMatchObject({ delivered: 0, nextDueAt: null });
    expect(e.adapter('slack').sends).toHaveLength(4);
  });
});

describe('transient and permanent errors', () => {
  it('backs off exponentially with jitter, then gives up after OUTBOX_MAX_AGE with a visible reason', async () => {
    const e = await engine({ sender: { random: () => 0.5 } });
    e.adapter('discord').answer(
      Array.from({ length: 1_000 }, () => ({ ok: false, kind: 'transient', error: 'HTTP 503' })),
    );
    await queue(e, 'discord', '333333333333333333');
    const { waitedMs } = await e.deliverAll();
    const times = e.adapter('discord').sends.map((send) => send.at);
    const gaps = times.slice(1).map((time, index) => time - (times[index] as number));
    // base 2 s, doubling, three quarters of the ceiling with random 0.5, capped at 10 min.
    expect(gaps.slice(0, 5)).toEqual([1_500, 3_000, 6_000, 12_000, 24_000]);
    expect(Math.max(...gaps)).toBe(450_000);
    expect(waitedMs).toBe(DAY_MS);
    const status = await e.storage.deliveryStatus.summary();
    expect(status).toMatchObject({ pending: 0, failed: 1, lastError: { outcome: 'expired' } });
    expect(status.lastError?.detail).toMatch(
      /^not delivered within 1d \(\d+ attempts\); last error: HTTP 503$/,
    );
    expect((await e.outbox.get(1))?.lastError).toBe(status.lastError?.detail);
    expect(await e.metrics.render()).toContain(
      'ree_deliveries_total{platform="discord",outcome="expired"} 1',
    );
  });

  it('a permanent error flags the channel, fails its other messages without sending them, and spares other channels', async () => {
    const e = await engine();
    e.adapter('slack').answer([{ ok: false, kind: 'permanent', error: 'channel_not_found' }], 'C-gone');
    await queue(e, 'slack', 'C-gone', 3);
    await queue(e, 'slack', 'C-ok', 2);
    await e.deliverAll();
    expect(e.adapter('slack').sends.filter((send) => send.channel === 'C-gone')).toHaveLength(1);
    expect(e.adapter('slack').delivered('C-ok')).toHaveLength(2);
    expect(await e.subscriptions.channelHealth({ platform: 'slack', channel: 'C-gone' })).toMatchObject({
      status: 'failing',
      reason: 'channel_not_found',
    });
    const status = e.storage.deliveryStatus;
    expect(await status.summary({ platform: 'slack', channel: 'C-gone' })).toMatchObject({
      pending: 0,
      failed: 3,
      lastError: {
        outcome: 'permanent',
        detail: 'not sent: the channel was flagged failing (channel_not_found)',
      },
    });
    // Queued later (e.g. by another process): failed without a request.
    await queue(e, 'slack', 'C-gone', 1, 'late');
    await e.deliverAll();
    expect(e.adapter('slack').sends.filter((send) => send.channel === 'C-gone')).toHaveLength(1);
  });

  it('a permanent error for one message only (a chart the bot may not attach) fails it and the channel goes on', async () => {
    const e = await engine();
    e.adapter('discord').answer(
      [
        { ok: true },
        {
          ok: false,
          kind: 'permanent',
          error: 'Missing Permissions (50013) for the chart',
          onlyThisMessage: true,
        },
      ],
      'C-chart',
    );
    await queue(e, 'discord', 'C-chart', 3);
    await e.deliverAll();
    expect(
      e
        .adapter('discord')
        .delivered('C-chart')
        .map((send) => send.payload.text),
    ).toEqual(['m 1', 'm 3']);
    expect(await e.subscriptions.channelHealth({ platform: 'discord', channel: 'C-chart' })).toBeUndefined();
    expect(await e.outbox.get(2)).toMatchObject({
      state: 'failed',
      lastError: 'Missing Permissions (50013) for the chart',
    });
  });

  it('an adapter that throws is treated as a transient error, not a lost message', async () => {
    const e = await engine({ platforms: ['console'] });
    const adapter = e.adapter('console');
    let calls = 0;
    adapter.send = async () => {
      calls++;
      if (calls === 1) throw new Error('socket hang up');
      return { ok: true };
    };
    await queue(e, 'console', 'console');
    await e.deliverAll();
    expect(calls).toBe(2);
    expect(await attempts(e)).toEqual([
      { outcome: 'transient', detail: 'the console adapter threw: socket hang up' },
      { outcome: 'delivered', detail: null },
    ]);
  });
});

describe('per-channel order and spacing (measured by the fake)', () => {
  it('Slack: one message per second per channel, in order', async () => {
    const e = await engine();
    await queue(e, 'slack', 'C1', 4);
    await e.deliverAll();
    const sends = e.adapter('slack').sends;
    expect(sends.map((send) => send.payload.text)).toEqual(['m 1', 'm 2', 'm 3', 'm 4']);
    expect(e.adapter('slack').maxSendsInWindow(1_000, 'C1')).toBe(1);
  });

  it('Discord: at most 5 per 5 s per channel, in order, and the idempotency key reaches the adapter', async () => {
    const e = await engine();
    await queue(e, 'discord', '444444444444444444', 12);
    await e.deliverAll();
    const sends = e.adapter('discord').sends;
    expect(sends.map((send) => send.payload.text)).toEqual(
      Array.from({ length: 12 }, (_, i) => `m ${i + 1}`),
    );
    expect(e.adapter('discord').maxSendsInWindow(5_000, '444444444444444444')).toBe(5);
    expect(sends[0]?.idempotencyKey).toBe('discord:444444444444444444:m:1');
  });

  it('a platform without a running adapter keeps its messages until they expire, with the reason', async () => {
    const e = await engine({ platforms: ['slack'] });
    await queue(e, 'discord', '555555555555555555');
    expect(await e.sender.drainOnce()).toMatchObject({ delivered: 0, nextDueAt: null });
    e.clock.advance(DAY_MS);
    expect(await e.sender.drainOnce()).toMatchObject({ expired: 1 });
    expect((await e.outbox.get(1))?.lastError).toBe('not delivered within 1d (0 attempts); last error: none');
  });
});

describe('a one-shot run (ree-watch poll)', () => {
  it('waits for parts that become due soon, and leaves later ones queued', async () => {
    const e = await engine({ sender: { sleep: async (ms) => e.clock.advance(ms) } });
    await queue(e, 'slack', 'C1', 3);
    e.adapter('slack').answer(
      [{ ok: false, kind: 'rate-limited', retryAfterMs: 120_000, error: 'ratelimited' }],
      'C2',
    );
    await queue(e, 'slack', 'C2', 1);
    const report = await e.sender.drainUntilQuiet(30_000);
    expect(report).toMatchObject({ delivered: 3, retrying: 1 });
    expect(report.nextDueAt).toBeGreaterThan(e.clock.now() + 100_000);
    expect(
      e
        .adapter('slack')
        .delivered('C1')
        .map((send) => send.payload.text),
    ).toEqual(['m 1', 'm 2', 'm 3']);
  });
});

describe('leases', () => {
  it('two processes sharing the database never send the same message', async () => {
    const path = join(tempDir(), 'shared.db');
    const clock = new FakeClock();
    const processes = [];
    for (const n of [1, 2]) {
      const db = await openTestStorage({ path });
      const adapter = new FakeChatAdapter('console', clock);
      const original = adapter.send.bind(adapter);
      // A slow platform, so both processes have sends in flight at the same time.
      adapter.send = async (...args) => {
        await new Promise((resolve) => setTimeout(resolve, 2));
        return original(...args);
      };
      const sender = new OutboxSender({
        outbox: db.outbox,
        subscriptions: db.subscriptions,
        adapters: new Map([['console', adapter]]),
        clock,
        logger: silentLogger(),
        metrics: new Metrics({ processMetrics: false }),
        maxAgeMs: DAY_MS,
        owner: `process-${n}`,
      });
      processes.push({ storage: db, adapter, sender });
    }
    const first = processes[0] as (typeof processes)[number];
    await first.storage.outbox.enqueue(
      Array.from({ length: 60 }, (_, index) => ({
        platform: 'console' as const,
        channel: `ch-${index % 20}`,
        idempotencyKey: `k${index}`,
        payload: { text: `m${index}` },
      })),
      clock.now(),
    );
    await Promise.all(processes.map((process) => process.sender.drainOnce()));
    const sent = processes.flatMap((process) => process.adapter.sends.map((send) => send.payload.text));
    expect(sent).toHaveLength(60);
    expect(new Set(sent).size).toBe(60);
    expect(processes.every((process) => process.adapter.sends.length > 0)).toBe(true);
    for (const process of processes) await process.storage.close();
  });

  it('a batch claimed by a replica that died returns to the others after its lease, each message sent once', async () => {
    const e = await engine({ platforms: ['console'] });
    for (const channel of ['c1', 'c2', 'c3', 'c4', 'c5']) await queue(e, 'console', channel, 2);
    const heads = (await e.outbox.heads()).map((head) => head.id);
    const now = e.clock.now();
    // One statement leases the five channels' heads; asked again, it takes none of them.
    expect((await e.outbox.claimBatch(heads, 'dead-replica', now + 60_000, now)).map((m) => m.id)).toEqual(
      heads,
    );
    expect(await e.outbox.claimBatch(heads, 'another', now + 60_000, now)).toEqual([]);
    // The dead replica never reports back: its channels wait, in order, for the lease to run out.
    expect(await e.sender.drainOnce()).toMatchObject({ delivered: 0, nextDueAt: now + 60_000 });
    e.clock.advance(60_000);
    await e.sender.drainUntilQuiet(10_000);
    const sent = e.adapter('console').sends.map((send) => `${send.channel}:${send.payload.text}`);
    expect(sent.sort()).toEqual(
      ['c1', 'c2', 'c3', 'c4', 'c5'].flatMap((channel) => [`${channel}:m 1`, `${channel}:m 2`]),
    );
  });

  it('a message claimed by a process that died is sent once, after its lease expires', async () => {
    const e = await engine({ platforms: ['console'] });
    await queue(e, 'console', 'console');
    // The dead process claimed it (lease 60 s) and never reported back.
    expect(await e.outbox.claim(1, 'dead-process', e.clock.now() + 60_000, e.clock.now())).toBeDefined();
    expect(await e.sender.drainOnce()).toMatchObject({ delivered: 0, nextDueAt: e.clock.now() + 60_000 });
    expect(await e.outbox.claim(1, 'another', e.clock.now() + 60_000, e.clock.now())).toBeUndefined();
    e.clock.advance(60_000);
    expect(await e.sender.drainOnce()).toMatchObject({ delivered: 1 });
    expect(await e.sender.drainOnce()).toMatchObject({ delivered: 0, nextDueAt: null });
    expect(e.adapter('console').sends).toHaveLength(1);
  });
});

describe('the service loop', () => {
  it('wakes when messages are queued, and on stop lets the send in flight finish and be recorded', async () => {
    const e = await engine({ platforms: ['console'] });
    const loop = new OutboxLoop({ sender: e.sender, clock: e.clock, logger: silentLogger(), idleMs: 60_000 });
    loop.start();
    const release = e.adapter('console').hold();
    await queue(e, 'console', 'console');
    loop.wake();
    await expect.poll(() => e.adapter('console').sends.length, { timeout: 10_000 }).toBe(1);
    let stopped = false;
    const stopping = loop.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(await e.outbox.get(1)).toMatchObject({ state: 'delivered', leaseOwner: null });
    // Stopped for good: nothing queued afterwards is sent by this process.
    await queue(e, 'console', 'console', 1, 'after');
    expect(await e.sender.drainOnce()).toMatchObject({ delivered: 0 });
  });
});

describe('1,000 subscribed channels with 10 alerts each (acceptance)', () => {
  it('one grouped message per channel, every platform limit respected, none lost', async () => {
    // Ten watchlists, each matching one of ten new notices: every channel follows all ten.
    const yaml = Array.from(
      { length: 10 },
      (_, index) => `
- id: w${index}
  title: Watchlist ${index}
  kind: notice
  source: mofcom
  match: { any: ["rare earth notice ${index}"] }`,
    ).join('\n');
    const e = await engine({ yaml, platforms: ['slack', 'discord', 'console'] });
    const now = e.clock.now();
    const channels: Record<Platform, string[]> = { slack: [], discord: [], console: [] };
    for (let index = 0; index < 10; index++)
      await seedNotice(
        e.storage,
        { id: `n${index}`, title: `Rare earth notice ${index}`, publishedAt: now },
        now,
      );
    for (let index = 0; index < 1_000; index++) {
      const platform = (['slack', 'discord', 'console'] as const)[index % 3] as Platform;
      channels[platform].push(
        platform === 'discord' ? String(100000000000000000n + BigInt(index)) : `C${index}`,
      );
    }
    for (const platform of ['slack', 'discord', 'console'] as const)
      await subscribeAll(
        e.storage,
        platform,
        channels[platform],
        e.watchlists.map((watchlist) => watchlist.id),
      );

    expect(await e.cycle.run()).toMatchObject({
      transitions: { firing: 10 },
      notifications: 10_000,
      digests: 1_000,
      enqueued: 1_000,
    });
    const { waitedMs } = await e.deliverAll();

    for (const platform of ['slack', 'discord', 'console'] as const) {
      const fake = e.adapter(platform);
      expect(fake.sends).toHaveLength(channels[platform].length);
      expect(new Set(fake.channels())).toEqual(new Set(channels[platform]));
      for (const send of fake.delivered()) expect(send.payload.lines).toHaveLength(10);
    }
    expect(e.adapter('slack').maxSendsInWindow(1_000)).toBeLessThanOrEqual(5);
    expect(e.adapter('discord').maxSendsInWindow(1_000)).toBeLessThanOrEqual(50);
    // 334 Slack messages at 5/s need about 67 s of (fake) time; Discord's 333 at 50/s about 7 s.
    expect(waitedMs).toBeGreaterThanOrEqual(66_000);
    expect(await e.storage.sql.all('SELECT state, COUNT(*) AS n FROM outbox GROUP BY state')).toEqual([
      { state: 'delivered', n: 1_000 },
    ]);
  });
});

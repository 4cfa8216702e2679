import { describe, expect, it } from 'vitest';
import { openTestStorage } from '../helpers/storage.js';

const channel = { platform: 'slack', channel: 'C1' } as const;

describe('SubscriptionRepository', () => {
  it('subscribing twice is idempotent and each real change is recorded with who and when', async () => {
    const storage = await openTestStorage();
    const store = storage.subscriptions;
    expect(await store.subscribe(channel, ['china-india-magnets', 'china-us-magnets'], 'U1', 1000)).toEqual({
      added: ['china-india-magnets', 'china-us-magnets'],
      already: [],
    });
    expect(await store.subscribe(channel, ['china-india-magnets'], 'U2', 2000)).toEqual({
      added: [],
      already: ['china-india-magnets'],
    });
    expect((await store.forChannel(channel)).map((s) => [s.watchlist, s.createdBy, s.createdAt])).toEqual([
      ['china-india-magnets', 'U1', 1000],
      ['china-us-magnets', 'U1', 1000],
    ]);
    expect(await store.unsubscribe(channel, ['china-us-magnets', 'nope'], 'U3', 3000)).toEqual({
      removed: ['china-us-magnets'],
      notFollowed: ['nope'],
    });
    const events = await storage.sql.all(
      'SELECT action, watchlist, actor, at FROM subscription_events ORDER BY id',
    );
    expect(events).toEqual([
      { action: 'subscribe', watchlist: 'china-india-magnets', actor: 'U1', at: 1000 },
      { action: 'subscribe', watchlist: 'china-us-magnets', actor: 'U1', at: 1000 },
      { action: 'unsubscribe', watchlist: 'china-us-magnets', actor: 'U3', at: 3000 },
    ]);
  });

  it('lists the channels of a watchlist across platforms and counts followers', async () => {
    const store = (await openTestStorage()).subscriptions;
    await store.subscribe(channel, ['w'], 'U1', 1);
    await store.subscribe({ platform: 'discord', channel: '42' }, ['w', 'v'], 'U2', 2);
    expect((await store.channelsFor('w')).map((s) => `${s.platform}:${s.channel}`)).toEqual([
      'discord:42',
      'slack:C1',
    ]);
    expect(await store.counts()).toEqual(
      new Map([
        ['w', 2],
        ['v', 1],
      ]),
    );
  });

  it('keeps when a channel started failing while it keeps failing', async () => {
    const store = (await openTestStorage()).subscriptions;
    await store.markChannel(channel, 'failing', 'channel_not_found', 100);
    await store.markChannel(channel, 'failing', 'channel_not_found', 200);
    expect(await store.channelHealth(channel)).toMatchObject({
      status: 'failing',
      reason: 'channel_not_found',
      since: 100,
    });
    await store.markChannel(channel, 'ok', null, 300);
    expect(await store.channelHealth(channel)).toMatchObject({ status: 'ok', since: 300 });
  });
});

describe('MuteRepository', () => {
  it('mutes until a time, then the mute lapses by itself; both are in the audit trail', async () => {
    const storage = await openTestStorage();
    const store = storage.mutes;
    await store.mute(channel, 'china-india-magnets', 5000, 'U1', 1000);
    expect(await store.mutedUntil(channel, 'china-india-magnets', 4999)).toBe(5000);
    expect(await store.mutedUntil(channel, 'china-india-magnets', 5000)).toBeUndefined();
    expect((await store.activeFor(channel, 2000)).map((mute) => mute.watchlist)).toEqual([
      'china-india-magnets',
    ]);
    expect(await store.unmute(channel, 'china-india-magnets', 'U1', 3000)).toBe(true);
    expect(await store.unmute(channel, 'china-india-magnets', 'U1', 3000)).toBe(false);
    expect(await storage.sql.all('SELECT action, actor, at FROM subscription_events ORDER BY id')).toEqual([
      { action: 'mute', actor: 'U1', at: 1000 },
      { action: 'unmute', actor: 'U1', at: 3000 },
    ]);
  });
});

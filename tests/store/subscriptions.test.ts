import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { MuteStore } from '../../src/store/mutes.js';
import { SubscriptionStore } from '../../src/store/subscriptions.js';

const channel = { platform: 'slack', channel: 'C1' } as const;

describe('SubscriptionStore', () => {
  it('subscribing twice is idempotent and each real change is recorded with who and when', () => {
    const { db } = openDatabase(':memory:');
    const store = new SubscriptionStore(db);
    expect(store.subscribe(channel, ['china-india-magnets', 'china-us-magnets'], 'U1', 1000)).toEqual({
      added: ['china-india-magnets', 'china-us-magnets'],
      already: [],
    });
    expect(store.subscribe(channel, ['china-india-magnets'], 'U2', 2000)).toEqual({
      added: [],
      already: ['china-india-magnets'],
    });
    expect(store.forChannel(channel).map((s) => [s.watchlist, s.createdBy, s.createdAt])).toEqual([
      ['china-india-magnets', 'U1', 1000],
      ['china-us-magnets', 'U1', 1000],
    ]);
    expect(store.unsubscribe(channel, ['china-us-magnets', 'nope'], 'U3', 3000)).toEqual({
      removed: ['china-us-magnets'],
      notFollowed: ['nope'],
    });
    const events = db
      .prepare('SELECT action, watchlist, actor, at FROM subscription_events ORDER BY id')
      .all();
    expect(events).toEqual([
      { action: 'subscribe', watchlist: 'china-india-magnets', actor: 'U1', at: 1000 },
      { action: 'subscribe', watchlist: 'china-us-magnets', actor: 'U1', at: 1000 },
      { action: 'unsubscribe', watchlist: 'china-us-magnets', actor: 'U3', at: 3000 },
    ]);
  });

  it('lists the channels of a watchlist across platforms and counts followers', () => {
    const { db } = openDatabase(':memory:');
    const store = new SubscriptionStore(db);
    store.subscribe(channel, ['w'], 'U1', 1);
    store.subscribe({ platform: 'discord', channel: '42' }, ['w', 'v'], 'U2', 2);
    expect(store.channelsFor('w').map((s) => `${s.platform}:${s.channel}`)).toEqual([
      'discord:42',
      'slack:C1',
    ]);
    expect(store.counts()).toEqual(
      new Map([
        ['w', 2],
        ['v', 1],
      ]),
    );
  });

  it('keeps when a channel started failing while it keeps failing', () => {
    const store = new SubscriptionStore(openDatabase(':memory:').db);
    store.markChannel(channel, 'failing', 'channel_not_found', 100);
    store.markChannel(channel, 'failing', 'channel_not_found', 200);
    expect(store.channelHealth(channel)).toMatchObject({
      status: 'failing',
      reason: 'channel_not_found',
      since: 100,
    });
    store.markChannel(channel, 'ok', null, 300);
    expect(store.channelHealth(channel)).toMatchObject({ status: 'ok', since: 300 });
  });
});

describe('MuteStore', () => {
  it('mutes until a time, then the mute lapses by itself', () => {
    const store = new MuteStore(openDatabase(':memory:').db);
    store.mute(channel, 'china-india-magnets', 5000, 'U1', 1000);
    expect(store.mutedUntil(channel, 'china-india-magnets', 4999)).toBe(5000);
    expect(store.mutedUntil(channel, 'china-india-magnets', 5000)).toBeUndefined();
    expect(store.activeFor(channel, 2000).map((mute) => mute.watchlist)).toEqual(['china-india-magnets']);
    expect(store.unmute(channel, 'china-india-magnets', 'U1', 3000)).toBe(true);
    expect(store.unmute(channel, 'china-india-magnets', 'U1', 3000)).toBe(false);
  });
});

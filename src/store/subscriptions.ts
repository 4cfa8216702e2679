import type { ChannelHealth, ChannelRef, Platform, Subscription } from '../model/chat.js';
import type { Db } from './db.js';

interface SubscriptionRow {
  platform: Platform;
  channel: string;
  watchlist: string;
  created_by: string | null;
  created_at: number;
}

const fromRow = (row: SubscriptionRow): Subscription => ({
  platform: row.platform,
  channel: row.channel,
  watchlist: row.watchlist,
  createdBy: row.created_by,
  createdAt: row.created_at,
});

/**
 * Which channels follow which watchlists, who changed that and when, and whether a channel can
 * still be delivered to. Subscribing twice is a no-op, not an error.
 */
export class SubscriptionStore {
  private readonly insert;
  private readonly remove;
  private readonly event;
  private readonly byChannel;
  private readonly byWatchlist;
  private readonly countStatement;
  private readonly healthUpsert;
  private readonly healthGet;

  constructor(private readonly db: Db) {
    this.insert = db.prepare(
      'INSERT INTO subscriptions (platform, channel, watchlist, created_by, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    );
    this.remove = db.prepare(
      'DELETE FROM subscriptions WHERE platform = ? AND channel = ? AND watchlist = ?',
    );
    this.event = db.prepare(
      'INSERT INTO subscription_events (platform, channel, watchlist, action, actor, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.byChannel = db.prepare(
      'SELECT * FROM subscriptions WHERE platform = ? AND channel = ? ORDER BY watchlist',
    );
    this.byWatchlist = db.prepare(
      'SELECT * FROM subscriptions WHERE watchlist = ? ORDER BY platform, channel',
    );
    this.countStatement = db.prepare(
      'SELECT watchlist, COUNT(*) AS channels FROM subscriptions GROUP BY watchlist',
    );
    this.healthUpsert = db.prepare(`
      INSERT INTO channel_health (platform, channel, status, reason, since) VALUES (@platform, @channel, @status, @reason, @at)
      ON CONFLICT (platform, channel) DO UPDATE SET status = @status, reason = @reason,
        since = CASE WHEN channel_health.status = @status THEN channel_health.since ELSE @at END`);
    this.healthGet = db.prepare('SELECT * FROM channel_health WHERE platform = ? AND channel = ?');
  }

  /** Adds the channel to each watchlist; returns which were new and which it already followed. */
  subscribe(
    ref: ChannelRef,
    watchlists: readonly string[],
    actor: string,
    at: number,
  ): { added: string[]; already: string[] } {
    const added: string[] = [];
    const already: string[] = [];
    this.db.transaction(() => {
      for (const watchlist of watchlists) {
        const changed = this.insert.run(ref.platform, ref.channel, watchlist, actor, at).changes > 0;
        (changed ? added : already).push(watchlist);
        if (changed) this.event.run(ref.platform, ref.channel, watchlist, 'subscribe', actor, null, at);
      }
    })();
    return { added, already };
  }

  unsubscribe(
    ref: ChannelRef,
    watchlists: readonly string[],
    actor: string,
    at: number,
  ): { removed: string[]; notFollowed: string[] } {
    const removed: string[] = [];
    const notFollowed: string[] = [];
    this.db.transaction(() => {
      for (const watchlist of watchlists) {
        const changed = this.remove.run(ref.platform, ref.channel, watchlist).changes > 0;
        (changed ? removed : notFollowed).push(watchlist);
        if (changed) this.event.run(ref.platform, ref.channel, watchlist, 'unsubscribe', actor, null, at);
      }
    })();
    return { removed, notFollowed };
  }

  /** Records an action that was refused (e.g. missing permission), for audit. */
  recordRefusal(ref: ChannelRef, action: string, actor: string, detail: string, at: number): void {
    this.event.run(ref.platform, ref.channel, null, `refused:${action}`, actor, detail, at);
  }

  forChannel(ref: ChannelRef): Subscription[] {
    return (this.byChannel.all(ref.platform, ref.channel) as SubscriptionRow[]).map(fromRow);
  }

  channelsFor(watchlist: string): Subscription[] {
    return (this.byWatchlist.all(watchlist) as SubscriptionRow[]).map(fromRow);
  }

  /** How many channels follow each watchlist. */
  counts(): Map<string, number> {
    const rows = this.countStatement.all() as { watchlist: string; channels: number }[];
    return new Map(rows.map((row) => [row.watchlist, row.channels]));
  }

  markChannel(ref: ChannelRef, status: 'ok' | 'failing', reason: string | null, at: number): void {
    this.healthUpsert.run({ platform: ref.platform, channel: ref.channel, status, reason, at });
  }

  /**
   * Clears a channel's failing flag because someone acted in it (e.g. subscribed it again): the next
   * alert is tried, and a permanent error flags it again. Recorded for audit; returns the health it had
   * when it was failing, otherwise undefined and nothing changes.
   */
  resumeChannel(ref: ChannelRef, actor: string, at: number): ChannelHealth | undefined {
    return this.db.transaction(() => {
      const health = this.channelHealth(ref);
      if (health?.status !== 'failing') return undefined;
      this.markChannel(ref, 'ok', null, at);
      this.event.run(ref.platform, ref.channel, null, 'resume-delivery', actor, health.reason, at);
      return health;
    })();
  }

  channelHealth(ref: ChannelRef): ChannelHealth | undefined {
    return this.healthGet.get(ref.platform, ref.channel) as ChannelHealth | undefined;
  }
}

import type { ChannelHealth, ChannelRef, Platform, Subscription } from '../../model/chat.js';
import type { Sql } from '../sql.js';
import { recordSubscriptionEvent } from './subscription-events.js';

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
export class SubscriptionRepository {
  constructor(private readonly sql: Sql) {}

  /** Adds the channel to each watchlist; returns which were new and which it already followed. */
  async subscribe(
    ref: ChannelRef,
    watchlists: readonly string[],
    actor: string,
    at: number,
  ): Promise<{ added: string[]; already: string[] }> {
    return this.sql.transaction(async (tx) => {
      const added: string[] = [];
      const already: string[] = [];
      for (const watchlist of watchlists) {
        const changed =
          (await tx.run(
            'INSERT INTO subscriptions (platform, channel, watchlist, created_by, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
            [ref.platform, ref.channel, watchlist, actor, at],
          )) > 0;
        (changed ? added : already).push(watchlist);
        if (changed)
          await recordSubscriptionEvent(tx, {
            channel: ref,
            watchlist,
            action: 'subscribe',
            actor,
            detail: null,
            at,
          });
      }
      return { added, already };
    });
  }

  async unsubscribe(
    ref: ChannelRef,
    watchlists: readonly string[],
    actor: string,
    at: number,
  ): Promise<{ removed: string[]; notFollowed: string[] }> {
    return this.sql.transaction(async (tx) => {
      const removed: string[] = [];
      const notFollowed: string[] = [];
      for (const watchlist of watchlists) {
        const changed =
          (await tx.run('DELETE FROM subscriptions WHERE platform = ? AND channel = ? AND watchlist = ?', [
            ref.platform,
            ref.channel,
            watchlist,
          ])) > 0;
        (changed ? removed : notFollowed).push(watchlist);
        if (changed)
          await recordSubscriptionEvent(tx, {
            channel: ref,
            watchlist,
            action: 'unsubscribe',
            actor,
            detail: null,
            at,
          });
      }
      return { removed, notFollowed };
    });
  }

  /** Records an action that was refused (e.g. missing permission), for audit. */
  recordRefusal(ref: ChannelRef, action: string, actor: string, detail: string, at: number): Promise<void> {
    return recordSubscriptionEvent(this.sql, {
      channel: ref,
      watchlist: null,
      action: `refused:${action}`,
      actor,
      detail,
      at,
    });
  }

  async forChannel(ref: ChannelRef): Promise<Subscription[]> {
    const rows = await this.sql.all<SubscriptionRow>(
      'SELECT * FROM subscriptions WHERE platform = ? AND channel = ? ORDER BY watchlist',
      [ref.platform, ref.channel],
    );
    return rows.map(fromRow);
  }

  async channelsFor(watchlist: string): Promise<Subscription[]> {
    const rows = await this.sql.all<SubscriptionRow>(
      'SELECT * FROM subscriptions WHERE watchlist = ? ORDER BY platform, channel',
      [watchlist],
    );
    return rows.map(fromRow);
  }

  /** How many channels follow each watchlist. */
  async counts(): Promise<Map<string, number>> {
    const rows = await this.sql.all<{ watchlist: string; channels: number }>(
      'SELECT watchlist, COUNT(*) AS channels FROM subscriptions GROUP BY watchlist',
    );
    return new Map(rows.map((row) => [row.watchlist, Number(row.channels)]));
  }

  async markChannel(
    ref: ChannelRef,
    status: 'ok' | 'failing',
    reason: string | null,
    at: number,
  ): Promise<void> {
    await this.sql.run(
      `INSERT INTO channel_health (platform, channel, status, reason, since) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (platform, channel) DO UPDATE SET status = excluded.status, reason = excluded.reason,
         since = CASE WHEN channel_health.status = excluded.status THEN channel_health.since ELSE excluded.since END`,
      [ref.platform, ref.channel, status, reason, at],
    );
  }

  /**
   * Clears a channel's failing flag because someone acted in it (e.g. subscribed it again): the next
   * alert is tried, and a permanent error flags it again. Recorded for audit; returns the health it had
   * when it was failing, otherwise undefined and nothing changes.
   */
  async resumeChannel(ref: ChannelRef, actor: string, at: number): Promise<ChannelHealth | undefined> {
    return this.sql.transaction(async (tx) => {
      const repository = new SubscriptionRepository(tx);
      const health = await repository.channelHealth(ref);
      if (health?.status !== 'failing') return undefined;
      await repository.markChannel(ref, 'ok', null, at);
      await recordSubscriptionEvent(tx, {
        channel: ref,
        watchlist: null,
        action: 'resume-delivery',
        actor,
        detail: health.reason,
        at,
      });
      return health;
    });
  }

  channelHealth(ref: ChannelRef): Promise<ChannelHealth | undefined> {
    return this.sql.get<ChannelHealth>('SELECT * FROM channel_health WHERE platform = ? AND channel = ?', [
      ref.platform,
      ref.channel,
    ]);
  }
}

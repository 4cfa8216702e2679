import type { ChannelRef, Mute } from '../../model/chat.js';
import type { Sql } from '../sql.js';
import { recordSubscriptionEvent } from './subscription-events.js';

interface MuteRow {
  platform: Mute['platform'];
  channel: string;
  watchlist: string;
  until: number;
  created_by: string | null;
  created_at: number;
}

const fromRow = (row: MuteRow): Mute => ({
  platform: row.platform,
  channel: row.channel,
  watchlist: row.watchlist,
  until: row.until,
  createdBy: row.created_by,
  createdAt: row.created_at,
});

/** A channel can mute a watchlist until a time; muted alerts are recorded but not sent. */
export class MuteRepository {
  constructor(private readonly sql: Sql) {}

  async mute(ref: ChannelRef, watchlist: string, until: number, actor: string, at: number): Promise<void> {
    await this.sql.transaction(async (tx) => {
      await tx.run(
        `INSERT INTO mutes (platform, channel, watchlist, until, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (platform, channel, watchlist) DO UPDATE SET until = excluded.until,
           created_by = excluded.created_by, created_at = excluded.created_at`,
        [ref.platform, ref.channel, watchlist, until, actor, at],
      );
      await recordSubscriptionEvent(tx, {
        channel: ref,
        watchlist,
        action: 'mute',
        actor,
        detail: new Date(until).toISOString(),
        at,
      });
    });
  }

  /** Returns whether there was an active or expired mute to remove. */
  async unmute(ref: ChannelRef, watchlist: string, actor: string, at: number): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      const removed =
        (await tx.run('DELETE FROM mutes WHERE platform = ? AND channel = ? AND watchlist = ?', [
          ref.platform,
          ref.channel,
          watchlist,
        ])) > 0;
      if (removed)
        await recordSubscriptionEvent(tx, {
          channel: ref,
          watchlist,
          action: 'unmute',
          actor,
          detail: null,
          at,
        });
      return removed;
    });
  }

  async activeFor(ref: ChannelRef, now: number): Promise<Mute[]> {
    const rows = await this.sql.all<MuteRow>(
      'SELECT * FROM mutes WHERE platform = ? AND channel = ? AND until > ? ORDER BY watchlist',
      [ref.platform, ref.channel, now],
    );
    return rows.map(fromRow);
  }

  async mutedUntil(ref: ChannelRef, watchlist: string, now: number): Promise<number | undefined> {
    const row = await this.sql.get<MuteRow>(
      'SELECT * FROM mutes WHERE platform = ? AND channel = ? AND watchlist = ? AND until > ?',
      [ref.platform, ref.channel, watchlist, now],
    );
    return row?.until;
  }
}

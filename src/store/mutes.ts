import type { ChannelRef, Mute } from '../model/chat.js';
import type { Db } from './db.js';

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
export class MuteStore {
  private readonly upsert;
  private readonly remove;
  private readonly active;
  private readonly one;
  private readonly event;

  constructor(db: Db) {
    this.upsert = db.prepare(`
      INSERT INTO mutes (platform, channel, watchlist, until, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (platform, channel, watchlist) DO UPDATE SET until = excluded.until, created_by = excluded.created_by,
        created_at = excluded.created_at`);
    this.remove = db.prepare('DELETE FROM mutes WHERE platform = ? AND channel = ? AND watchlist = ?');
    this.active = db.prepare(
      'SELECT * FROM mutes WHERE platform = ? AND channel = ? AND until > ? ORDER BY watchlist',
    );
    this.one = db.prepare(
      'SELECT * FROM mutes WHERE platform = ? AND channel = ? AND watchlist = ? AND until > ?',
    );
    this.event = db.prepare(
      'INSERT INTO subscription_events (platform, channel, watchlist, action, actor, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
  }

  mute(ref: ChannelRef, watchlist: string, until: number, actor: string, at: number): void {
    this.upsert.run(ref.platform, ref.channel, watchlist, until, actor, at);
    this.event.run(ref.platform, ref.channel, watchlist, 'mute', actor, new Date(until).toISOString(), at);
  }

  /** Returns whether there was an active or expired mute to remove. */
  unmute(ref: ChannelRef, watchlist: string, actor: string, at: number): boolean {
    const removed = this.remove.run(ref.platform, ref.channel, watchlist).changes > 0;
    if (removed) this.event.run(ref.platform, ref.channel, watchlist, 'unmute', actor, null, at);
    return removed;
  }

  activeFor(ref: ChannelRef, now: number): Mute[] {
    return (this.active.all(ref.platform, ref.channel, now) as MuteRow[]).map(fromRow);
  }

  mutedUntil(ref: ChannelRef, watchlist: string, now: number): number | undefined {
    const row = this.one.get(ref.platform, ref.channel, watchlist, now) as MuteRow | undefined;
    return row?.until;
  }
}

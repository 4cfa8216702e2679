import type { ChannelRef } from '../../model/chat.js';
import type { Sql } from '../sql.js';

/** One line of a channel's audit trail: who subscribed, unsubscribed, muted, was refused … and when. */
export interface SubscriptionEvent {
  channel: ChannelRef;
  watchlist: string | null;
  action: string;
  actor: string | null;
  detail: string | null;
  at: number;
}

/** The one writer of `subscription_events`, for every repository that changes what a channel receives. */
export async function recordSubscriptionEvent(sql: Sql, event: SubscriptionEvent): Promise<void> {
  await sql.run(
    'INSERT INTO subscription_events (platform, channel, watchlist, action, actor, detail, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    [
      event.channel.platform,
      event.channel.channel,
      event.watchlist,
      event.action,
      event.actor,
      event.detail,
      event.at,
    ],
  );
}

import type { MuteStore } from '../store/mutes.js';
import { channelKey, memoBy, type NotificationStage, type StageContext } from './stage.js';
import type { Notification } from './types.js';

/** Holds back alerts of a watchlist a channel muted; the alert state is recorded all the same. */
export class MuteStage implements NotificationStage {
  readonly name = 'muted';

  constructor(private readonly mutes: MuteStore) {}

  run(notifications: Notification[], context: StageContext): Notification[] {
    const muted = memoBy(
      (notification: Notification) => `${channelKey(notification)} ${notification.item.watchlistId}`,
      (notification) =>
        this.mutes.mutedUntil(notification.channel, notification.item.watchlistId, context.now) !== undefined,
    );
    return notifications.filter((notification) => !muted(notification));
  }
}

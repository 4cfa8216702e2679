import type { AlertCycleRepositories } from './ports.js';
import { channelKey, keepUnless, memoBy, type NotificationStage, type StageContext } from './stage.js';
import type { Notification } from './types.js';

/** Holds back alerts of a watchlist a channel muted; the alert state is recorded all the same. */
export class MuteStage implements NotificationStage {
  readonly name = 'muted';

  constructor(private readonly mutes: AlertCycleRepositories['mutes']) {}

  run(notifications: Notification[], context: StageContext): Promise<Notification[]> {
    const muted = memoBy(
      (notification: Notification) => `${channelKey(notification)} ${notification.item.watchlistId}`,
      async (notification) =>
        (await this.mutes.mutedUntil(notification.channel, notification.item.watchlistId, context.now)) !==
        undefined,
    );
    return keepUnless(notifications, muted);
  }
}

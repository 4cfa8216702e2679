import type { SubscriptionStore } from '../store/subscriptions.js';
import { channelKey, memoBy, type NotificationStage, type StageContext } from './stage.js';
import type { Notification } from './types.js';

/**
 * Holds back alerts for channels flagged failing after a permanent error (channel gone, bot removed,
 * token revoked): retrying them only earns invalid-request strikes (Discord bans at 10,000 per 10 min).
 */
export class FailingChannelStage implements NotificationStage {
  readonly name = 'failing-channel';

  constructor(private readonly subscriptions: SubscriptionStore) {}

  run(notifications: Notification[], context: StageContext): Notification[] {
    const failing = memoBy(channelKey, (notification) => {
      const health = this.subscriptions.channelHealth(notification.channel);
      if (health?.status !== 'failing') return false;
      context.logger.warn(
        { ...notification.channel, reason: health.reason },
        'channel is flagged failing after a permanent error; its alerts are recorded but not sent',
      );
      return true;
    });
    return notifications.filter((notification) => !failing(notification));
  }
}

import type { AlertCycleRepositories } from './ports.js';
import { channelKey, keepUnless, memoBy, type NotificationStage, type StageContext } from './stage.js';
import type { Notification } from './types.js';

/**
 * Holds back alerts for channels flagged failing after a permanent error (channel gone, bot removed,
 * token revoked): retrying them only earns invalid-request strikes (Discord bans at 10,000 per 10 min).
 */
export class FailingChannelStage implements NotificationStage {
  readonly name = 'failing-channel';

  constructor(
    private readonly subscriptions: Pick<AlertCycleRepositories['subscriptions'], 'channelHealth'>,
  ) {}

  run(notifications: Notification[], context: StageContext): Promise<Notification[]> {
    const failing = memoBy(channelKey, async (notification: Notification) => {
      const health = await this.subscriptions.channelHealth(notification.channel);
      if (health?.status !== 'failing') return false;
      context.warn(
        { ...notification.channel, reason: health.reason },
        'channel is flagged failing after a permanent error; its alerts are recorded but not sent',
      );
      return true;
    });
    return keepUnless(notifications, failing);
  }
}

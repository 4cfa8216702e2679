import type { Platform } from '../model/chat.js';
import type { NotificationStage, StageContext } from './stage.js';
import type { Notification } from './types.js';

/**
 * Holds back alerts for a platform the service is not configured for (e.g. Slack tokens removed).
 * It asks what is configured, not what is running: an alert queued while an adapter is still
 * starting, or in a one-shot run that starts none, is sent once one runs.
 */
export class AdapterStage implements NotificationStage {
  readonly name = 'no-adapter';

  constructor(private readonly platforms: () => ReadonlySet<Platform>) {}

  async run(notifications: Notification[], context: StageContext): Promise<Notification[]> {
    const configured = this.platforms();
    const missing = new Set<Platform>();
    const kept = notifications.filter((notification) => {
      if (configured.has(notification.channel.platform)) return true;
      missing.add(notification.channel.platform);
      return false;
    });
    for (const platform of missing)
      context.warn(
        { platform },
        `channels on ${platform} follow watchlists but ${platform} is not configured`,
      );
    return kept;
  }
}

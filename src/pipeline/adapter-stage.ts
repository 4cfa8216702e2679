import type { ChatAdapter } from '../../adapters/chat-adapter.js';
import type { Platform } from '../model/chat.js';
import type { NotificationStage, StageContext } from './stage.js';
import type { Notification } from './types.js';

/** Holds back alerts for a platform this process has no adapter for (e.g. Slack tokens removed). */
export class AdapterStage implements NotificationStage {
  readonly name = 'no-adapter';

  constructor(private readonly adapters: ReadonlyMap<Platform, ChatAdapter>) {}

  async run(notifications: Notification[], context: StageContext): Promise<Notification[]> {
    const missing = new Set<Platform>();
    const kept = notifications.filter((notification) => {
      if (this.adapters.has(notification.channel.platform)) return true;
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

import type { AlertDigest, AlertItem } from '../render/alert-digest.js';
import type { ChannelRef } from '../store/subscriptions.js';
import { channelKey } from './stage.js';
import type { Notification } from './types.js';

export interface ChannelDigest {
  channel: ChannelRef;
  digest: AlertDigest;
}

const STATE_ORDER: Record<AlertItem['state'], number> = { firing: 0, repeat: 1, resolved: 2 };
const SEVERITY_ORDER: Record<AlertItem['severity'], number> = { critical: 0, warning: 1, info: 2 };

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** "Rare-earth watch: 2 new alerts, 1 reminder, 1 resolved". */
export function digestTitle(items: readonly AlertItem[]): string {
  const count = (state: AlertItem['state']) => items.filter((item) => item.state === state).length;
  const parts = [
    count('firing') > 0 ? plural(count('firing'), 'new alert', 'new alerts') : '',
    count('repeat') > 0 ? plural(count('repeat'), 'reminder', 'reminders') : '',
    count('resolved') > 0 ? `${count('resolved')} resolved` : '',
  ].filter(Boolean);
  return `Rare-earth watch: ${parts.join(', ')}`;
}

/** All of one cycle's alerts for a channel become one digest: new first, most severe first. */
export function groupByChannel(notifications: readonly Notification[], generatedAt: number): ChannelDigest[] {
  const byChannel = new Map<string, { channel: ChannelRef; items: AlertItem[] }>();
  for (const notification of notifications) {
    const key = channelKey(notification);
    const entry = byChannel.get(key) ?? { channel: notification.channel, items: [] };
    if (!entry.items.some((item) => item.dedupKey === notification.item.dedupKey))
      entry.items.push(notification.item);
    byChannel.set(key, entry);
  }
  return [...byChannel.values()]
    .sort(
      (a, b) =>
        a.channel.platform.localeCompare(b.channel.platform) ||
        a.channel.channel.localeCompare(b.channel.channel),
    )
    .map(({ channel, items }) => {
      const alerts = [...items].sort(
        (a, b) =>
          STATE_ORDER[a.state] - STATE_ORDER[b.state] ||
          SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
          a.watchlistId.localeCompare(b.watchlistId) ||
          a.dedupKey.localeCompare(b.dedupKey),
      );
      return { channel, digest: { title: digestTitle(alerts), alerts, generatedAt } };
    });
}

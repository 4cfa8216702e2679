import type { AlertCandidate } from '../model/alert.js';
import type { Subscription } from '../model/chat.js';
import type { NoticeEntry, SeriesEntry } from '../render/alert-digest.js';
import { NOTICE_RULE } from '../rules/rule-key.js';
import type { AlertCycleRepositories } from './ports.js';
import type { DigestItem, Notification, Transition } from './types.js';

/** A notice as a digest lists it: its title, then when, by whom and what it matched. */
export function noticeEntry(alert: AlertCandidate): NoticeEntry {
  const notice = alert.notice;
  const detail = notice
    ? [
        notice.published ?? 'date not given',
        ...(notice.agency ? [notice.agency] : []),
        `matched: ${notice.matched.join(', ')}`,
      ].join(' · ')
    : alert.facts.map((fact) => `${fact.label}: ${fact.value}`).join(' · ');
  return {
    key: alert.dedupKey,
    watchlistId: alert.watchlistId,
    title: notice?.title ?? alert.headline,
    detail,
    ...(alert.url ? { url: alert.url } : {}),
  };
}

/** What channels are told this cycle: each told series' entry, and each notice seen for the first time. */
export function digestItems(
  entries: readonly SeriesEntry[],
  transitions: readonly Transition[],
): DigestItem[] {
  const items: DigestItem[] = entries.map((entry) => ({ kind: 'series', ...entry }));
  for (const transition of transitions)
    if (transition.type === 'firing' && transition.alert.rule === NOTICE_RULE)
      items.push({ kind: 'notice', source: transition.alert.source, ...noticeEntry(transition.alert) });
  return items;
}

/** Fans each item out to every channel subscribed to its watchlist. */
export async function routeToChannels(
  items: readonly DigestItem[],
  subscriptions: Pick<AlertCycleRepositories['subscriptions'], 'channelsFor'>,
): Promise<Notification[]> {
  const channels = new Map<string, Subscription[]>();
  const notifications: Notification[] = [];
  for (const item of items) {
    let subscribed = channels.get(item.watchlistId);
    if (!subscribed) {
      subscribed = await subscriptions.channelsFor(item.watchlistId);
      channels.set(item.watchlistId, subscribed);
    }
    for (const subscription of subscribed)
      notifications.push({
        channel: { platform: subscription.platform, channel: subscription.channel },
        item,
      });
  }
  return notifications;
}

import type { AlertItem, ChartRef } from '../render/alert-digest.js';
import type { AlertCandidate } from '../rules/types.js';
import type { SubscriptionStore } from '../store/subscriptions.js';
import type { Watchlist } from '../watchlists/types.js';
import type { Notification, Transition } from './types.js';

/** The item a channel sees for a transition, or undefined when nobody is told (unchanged, closed). */
export function itemFor(transition: Transition, titles: ReadonlyMap<string, string>): AlertItem | undefined {
  switch (transition.type) {
    case 'firing':
    case 'repeat': {
      const alert = transition.alert;
      return {
        dedupKey: alert.dedupKey,
        watchlistId: alert.watchlistId,
        watchlistTitle: titles.get(alert.watchlistId) ?? alert.watchlistId,
        rule: alert.rule,
        state: transition.type,
        severity: alert.severity,
        headline: alert.headline,
        facts: alert.facts,
        source: alert.source,
        ...(alert.url ? { url: alert.url } : {}),
        ...chartOf(alert),
      };
    }
    case 'resolved': {
      const alert = transition.alert;
      return {
        dedupKey: alert.dedupKey,
        watchlistId: alert.watchlist,
        watchlistTitle: titles.get(alert.watchlist) ?? alert.watchlist,
        rule: alert.rule,
        state: 'resolved',
        severity: 'info',
        headline: transition.resolution.headline,
        facts: transition.resolution.facts,
        source: alert.detail.source,
        ...(alert.detail.url ? { url: alert.detail.url } : {}),
      };
    }
    default:
      return undefined;
  }
}

/** A drop in a trade series (subject "hs-850511") carries that series' chart; nothing else does. */
function chartOf(alert: AlertCandidate): { chart?: ChartRef } {
  if (!alert.rule.startsWith('drop:') || !alert.subject.startsWith('hs-')) return {};
  return { chart: { watchlistId: alert.watchlistId, hs: alert.subject.slice('hs-'.length) } };
}

/** Fans each told transition out to every channel subscribed to its watchlist. */
export function routeToChannels(
  transitions: readonly Transition[],
  watchlists: readonly Watchlist[],
  subscriptions: SubscriptionStore,
): Notification[] {
  const titles = new Map(watchlists.map((watchlist) => [watchlist.id, watchlist.title]));
  const channels = new Map<string, ReturnType<SubscriptionStore['channelsFor']>>();
  const notifications: Notification[] = [];
  for (const transition of transitions) {
    const item = itemFor(transition, titles);
    if (!item) continue;
    let subscribed = channels.get(item.watchlistId);
    if (!subscribed) {
      subscribed = subscriptions.channelsFor(item.watchlistId);
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

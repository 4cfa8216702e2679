import type { AlertItem } from '../render/alert-digest.js';
import type { AlertCandidate, Fact } from '../rules/types.js';
import type { StoredAlert } from '../store/alerts.js';
import type { ChannelRef } from '../store/subscriptions.js';

/** What one evaluation means for one alert; only firing, repeat and resolved are told to channels. */
export type Transition =
  | { type: 'firing'; alert: AlertCandidate }
  | { type: 'repeat'; alert: AlertCandidate }
  | { type: 'unchanged'; alert: AlertCandidate }
  | { type: 'resolved'; alert: StoredAlert; resolution: { headline: string; facts: Fact[] } }
  | { type: 'closed'; alert: StoredAlert; because: string };

export type TransitionType = Transition['type'];

/** One alert item for one channel. */
export interface Notification {
  channel: ChannelRef;
  item: AlertItem;
}

import type { AlertCandidate, Fact, StoredAlert } from '../model/alert.js';
import type { ChannelRef } from '../model/chat.js';
import type { NoticeEntry, SeriesEntry } from '../render/alert-digest.js';

/**
 * What one evaluation means for one rule's alert (the per-rule record in the alert table). Whether a
 * channel hears of it is decided per series (series-lifecycle.ts) and, for notices, by `firing`.
 */
export type Transition =
  | { type: 'firing'; alert: AlertCandidate }
  | { type: 'unchanged'; alert: AlertCandidate }
  | { type: 'resolved'; alert: StoredAlert; resolution: { headline: string; facts: Fact[] } }
  | { type: 'closed'; alert: StoredAlert; because: string; replacedBy?: string };

export type TransitionType = Transition['type'];

/** One thing a channel may be told: a series' movement, or a new notice. */
export type DigestItem =
  | ({ kind: 'series' } & SeriesEntry)
  | ({ kind: 'notice'; source: string } & NoticeEntry);

/** One item for one channel. */
export interface Notification {
  channel: ChannelRef;
  item: DigestItem;
}

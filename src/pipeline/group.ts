import type { ChannelRef } from '../model/chat.js';
import type { AlertDigest, NoticeEntry, NoticeGroup, SeriesEntry } from '../render/alert-digest.js';
import { overviewLine } from '../render/overview.js';
import { channelKey } from './stage.js';
import type { Notification } from './types.js';

export interface ChannelDigest {
  channel: ChannelRef;
  digest: AlertDigest;
}

/** Falls first (the worst first), then rises, recoveries, stale series and revisions; reminders last. */
const MARKER_ORDER: Record<SeriesEntry['marker'], number> = { fall: 0, rise: 1, recovered: 2, warning: 3 };
const SEVERITY_ORDER: Record<SeriesEntry['severity'], number> = { critical: 0, warning: 1, info: 2 };

const bySignal = (a: SeriesEntry, b: SeriesEntry): number =>
  Number(a.transition === 'remind') - Number(b.transition === 'remind') ||
  MARKER_ORDER[a.marker] - MARKER_ORDER[b.marker] ||
  SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
  a.watchlistId.localeCompare(b.watchlistId) ||
  a.key.localeCompare(b.key);

/**
 * All of one cycle's news for a channel becomes one digest: the overview line, at most one entry
 * per series (most important first), then the new notices grouped by source. A notice that matched
 * two watchlists the channel follows is listed once.
 */
export function groupByChannel(notifications: readonly Notification[], generatedAt: number): ChannelDigest[] {
  const byChannel = new Map<
    string,
    { channel: ChannelRef; series: Map<string, SeriesEntry>; notices: Map<string, Map<string, NoticeEntry>> }
  >();
  for (const { channel, item } of notifications) {
    const key = channelKey({ channel, item });
    let entry = byChannel.get(key);
    if (!entry) {
      entry = { channel, series: new Map(), notices: new Map() };
      byChannel.set(key, entry);
    }
    if (item.kind === 'series') {
      const { kind: _kind, ...series } = item;
      entry.series.set(series.key, series);
    } else {
      const { kind: _kind, source, ...notice } = item;
      const group = entry.notices.get(source) ?? new Map<string, NoticeEntry>();
      const id = notice.url ?? notice.key;
      if (!group.has(id)) group.set(id, notice);
      entry.notices.set(source, group);
    }
  }
  return [...byChannel.values()]
    .sort(
      (a, b) =>
        a.channel.platform.localeCompare(b.channel.platform) ||
        a.channel.channel.localeCompare(b.channel.channel),
    )
    .map(({ channel, series, notices }) => {
      const entries = [...series.values()].sort(bySignal);
      const groups: NoticeGroup[] = [...notices]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([source, group]) => ({ source, notices: [...group.values()] }));
      return {
        channel,
        digest: { title: overviewLine(entries, groups), series: entries, notices: groups, generatedAt },
      };
    });
}

import type { NoticeGroup, SeriesEntry } from './alert-digest.js';

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** What an entry did, as the overview counts it: "fell", "recovered", "still falling" … */
function verbOf(entry: SeriesEntry): string {
  const still = entry.transition === 'remind';
  switch (entry.marker) {
    case 'fall':
      return still ? 'still falling' : 'fell';
    case 'rise':
      return still ? 'still rising' : 'rose';
    case 'recovered':
      return 'recovered';
    case 'warning':
      return entry.transition === 'revised' ? 'revised' : still ? 'still stale' : 'went stale';
  }
}

/**
 * The first line of a digest, what a notification shows: "Rare-earth watch: 2 series fell,
 * 1 recovered · 2 new China MOFCOM notices".
 */
export function overviewLine(series: readonly SeriesEntry[], notices: readonly NoticeGroup[]): string {
  const counts = new Map<string, number>();
  for (const entry of series) counts.set(verbOf(entry), (counts.get(verbOf(entry)) ?? 0) + 1);
  const moves = [...counts].map(([verb, count], index) =>
    index === 0 ? `${plural(count, 'series', 'series')} ${verb}` : `${count} ${verb}`,
  );
  const parts = [
    moves.join(', '),
    ...notices.map(
      (group) => `${group.notices.length} new ${group.source} notice${group.notices.length === 1 ? '' : 's'}`,
    ),
  ].filter(Boolean);
  return `Rare-earth watch: ${parts.length > 0 ? parts.join(' · ') : 'nothing new'}`;
}

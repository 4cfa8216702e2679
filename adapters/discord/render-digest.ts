import type { AlertDigest, NoticeGroup, SeriesEntry } from '../../src/render/alert-digest.js';
import { MARKERS, NOTICE_BULLET, TRANSITION_WORDS } from '../../src/render/markers.js';
import { type DescriptionBlock, type EmbedSpec, packEmbeds } from './embed-packer.js';
import { COLOURS, type DiscordMessage, messageOf } from './message.js';

/**
 * One digest as channel messages. The overview line rides on the first embed (as its author); each
 * series gets one embed — the headline as its title, linked to that series at its source, then the
 * comparison line, any notes and the source — and each source's new notices one embed listing them as
 * links. Every embed links a different URL or none: Discord shows only the first of several embeds
 * that share one.
 */
export function renderDigest(digest: AlertDigest): DiscordMessage[] {
  const timestamp = new Date(digest.generatedAt).toISOString();
  const specs: EmbedSpec[] = [
    ...digest.series.map((entry) => seriesSpec(entry, timestamp)),
    ...digest.notices.map((group) => noticeSpec(group, timestamp)),
  ];
  const [first] = specs;
  if (first) first.author = digest.title;
  // Never sent (a channel with nothing new gets no digest), but never an empty message either.
  else
    specs.push({
      title: digest.title.trim() || 'ree-watch',
      blocks: [{ kind: 'text', text: 'No alerts.' }],
      fields: [],
      timestamp,
    });
  return packEmbeds(specs).map(messageOf);
}

function seriesSpec(entry: SeriesEntry, timestamp: string): EmbedSpec {
  const source: DescriptionBlock = entry.url
    ? { kind: 'link', prefix: 'Source: ', label: entry.source, url: entry.url }
    : { kind: 'text', prefix: 'Source: ', text: entry.source };
  return {
    title: `${MARKERS[entry.marker]} ${entry.headline}`,
    url: entry.url,
    color: colourOf(entry),
    blocks: [
      ...(entry.comparisons ? [{ kind: 'text' as const, text: entry.comparisons }] : []),
      ...entry.notes.map(
        (note): DescriptionBlock => ({ kind: 'text', text: `${MARKERS[note.marker]} ${note.text}` }),
      ),
      source,
    ],
    fields: [],
    footer: `${entry.watchlistId} · ${TRANSITION_WORDS[entry.transition]}${entry.severity === 'critical' ? ' · critical' : ''}`,
    timestamp,
  };
}

function noticeSpec(group: NoticeGroup, timestamp: string): EmbedSpec {
  const count = group.notices.length;
  return {
    title: `${group.source}: ${count} new notice${count === 1 ? '' : 's'}`,
    color: COLOURS.info,
    blocks: group.notices.flatMap((notice): DescriptionBlock[] => [
      notice.url
        ? { kind: 'link', prefix: `${NOTICE_BULLET} `, label: notice.title, url: notice.url }
        : { kind: 'text', prefix: `${NOTICE_BULLET} `, text: notice.title },
      { kind: 'text', text: notice.detail },
    ]),
    fields: [],
    footer: [...new Set(group.notices.map((notice) => notice.watchlistId))].join(', '),
    timestamp,
  };
}

function colourOf(entry: SeriesEntry): number {
  switch (entry.marker) {
    case 'fall':
      return entry.severity === 'critical' ? COLOURS.critical : COLOURS.warning;
    case 'rise':
      return COLOURS.info;
    case 'recovered':
      return COLOURS.resolved;
    case 'warning':
      return COLOURS.warning;
  }
}

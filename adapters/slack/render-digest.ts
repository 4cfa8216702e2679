import { SLACK_LIMITS } from '../../src/model/platform-limits.js';
import type { AlertDigest, NoticeGroup, SeriesEntry } from '../../src/render/alert-digest.js';
import { urlAsText } from '../../src/render/link-url.js';
import { MARKERS, NOTICE_BULLET, TRANSITION_WORDS } from '../../src/render/markers.js';
import { packLines, splitLine, truncateText } from '../../src/render/text-limits.js';
import {
  type Block,
  contextBlocks,
  type HeaderBlock,
  mrkdwnSection,
  packBlocks,
  plainPieces,
  plainSections,
  type SectionBlock,
} from './block-kit.js';
import {
  bold,
  escapeAndTruncate,
  escapedLength,
  escapeMrkdwn,
  link,
  type Mrkdwn,
  mrkdwn,
  plainText,
  type TextObject,
} from './mrkdwn.js';

/** Notice titles and detail lines are cut here, so one notice always fits a section. */
const NOTICE_TITLE = 300;
const NOTICE_DETAIL = 600;
/** A longer URL is shown as text in the detail line instead, so a linked line never outgrows a section. */
const LINKED_URL = 1500;

/** One chat.postMessage body (without `channel`), as stored in the outbox. */
export interface SlackMessagePayload {
  [key: string]: unknown;
  text: string;
  blocks: Block[];
  unfurl_links: false;
  unfurl_media: false;
}

/**
 * Renders a digest as Block Kit messages: a header with the overview line; per series one section
 * (the headline, the comparison line, any notes) and a context line (watchlist, what happened, the
 * series' link); then per source one section listing its new notices as links. Splits into several
 * messages rather than exceeding a limit; each message has its own header and notification text.
 */
export function renderDigest(digest: AlertDigest): SlackMessagePayload[] {
  const groups = [...digest.series.map(seriesBlocks), ...digest.notices.map(noticeBlocks)];
  const lines = [
    ...digest.series.map((entry) => `${MARKERS[entry.marker]} ${entry.headline}`),
    ...digest.notices.flatMap((group) => group.notices.map((notice) => `${NOTICE_BULLET} ${notice.title}`)),
  ];
  if (groups.length === 0) groups.push(plainSections('No alerts.'));
  // A title too long for the header is cut there, so it is also shown whole on the first page.
  const titleGroup = digest.title.length > SLACK_LIMITS.headerText ? [plainSections(digest.title)] : [];
  // One block per page is the header.
  const pages = packBlocks([...titleGroup, ...groups], SLACK_LIMITS.blocksPerMessage - 1);
  return pages.map((page, index) => {
    const shown = page.groups
      .map((group) => lines[group - titleGroup.length])
      .filter((line): line is string => line !== undefined);
    return {
      text: fallbackText(digest.title, shown, index, pages.length),
      blocks: [pageHeader(digest.title, index, pages.length), ...page.blocks],
      unfurl_links: false,
      unfurl_media: false,
    };
  });
}

export function pageHeader(title: string, index: number, pages: number): HeaderBlock {
  const suffix = pages > 1 ? ` (${index + 1}/${pages})` : '';
  return {
    type: 'header',
    text: plainText(truncateText(shownTitle(title), SLACK_LIMITS.headerText - suffix.length) + suffix),
  };
}

/** Slack refuses empty text, so a blank title is shown as the app's name. */
export const shownTitle = (title: string): string => (title.trim() === '' ? 'ree-watch' : title);

function seriesBlocks(entry: SeriesEntry): Block[] {
  const text = [
    `${MARKERS[entry.marker]} ${entry.headline}`,
    entry.comparisons,
    ...entry.notes.map((note) => `${MARKERS[note.marker]} ${note.text}`),
  ]
    .filter((line) => line !== '')
    .join('\n');
  return [...plainSections(text), ...contextBlocks(seriesContext(entry))];
}

function seriesContext(entry: SeriesEntry): TextObject[] {
  const severity = entry.severity === 'critical' ? ' · critical' : '';
  const elements: TextObject[] = textElements(
    `${entry.watchlistId} · ${TRANSITION_WORDS[entry.transition]}${severity}`,
  );
  const source = `Source: ${entry.source}`;
  const linked = entry.url ? link(entry.url, hostOf(entry.url)) : undefined;
  if (linked && escapedLength(source) + linked.length + 3 <= SLACK_LIMITS.contextText) {
    elements.push(mrkdwn(`${escapeMrkdwn(source)} · ${linked}`));
  } else {
    elements.push(...textElements(source));
    // Not an http(s) link, or too long to link: still shown, as text.
    if (entry.url) elements.push(...textElements(urlAsText(entry.url)));
  }
  return elements;
}

/** "*China MOFCOM: 2 new notices*", then per notice its linked title and a line of what it is. */
function noticeBlocks(group: NoticeGroup): Block[] {
  const count = group.notices.length;
  const lines = [bold(`${group.source}: ${count} new notice${count === 1 ? '' : 's'}`)];
  for (const notice of group.notices) {
    const title = truncateText(notice.title.replace(/\s+/g, ' ').trim() || '(untitled)', NOTICE_TITLE);
    const linked = notice.url && notice.url.length <= LINKED_URL ? link(notice.url, title) : undefined;
    lines.push(`${NOTICE_BULLET} ${linked ?? escapeMrkdwn(title)}`);
    const detail = notice.url && !linked ? `${notice.detail} · ${urlAsText(notice.url)}` : notice.detail;
    lines.push(`      ${escapeAndTruncate(detail, NOTICE_DETAIL)}`);
  }
  const watchlists = [...new Set(group.notices.map((notice) => notice.watchlistId))].join(', ');
  return [...mrkdwnSections(lines), ...contextBlocks(textElements(watchlists))];
}

/** Lines of mrkdwn packed into sections within Slack's section limit; a line is never split. */
function mrkdwnSections(lines: readonly string[]): SectionBlock[] {
  return packLines(lines, SLACK_LIMITS.sectionText).map((chunk) => mrkdwnSection(chunk.join('\n')));
}

/** A fact as mrkdwn fields: the label we know in bold, the value escaped, split if it is very long. */
export function factFields(label: string, value: string): Mrkdwn[] {
  const head = label.trim() === '' ? '' : `${bold(label)}\n`;
  const room = SLACK_LIMITS.fieldText - head.length;
  const pieces = splitLine(value, Math.max(1, room), { measure: escapedLength, keepLongUrls: false }).filter(
    (piece) => piece.trim() !== '',
  );
  if (pieces.length === 0) pieces.push('–');
  return pieces.map((piece) => mrkdwn(`${head}${escapeMrkdwn(piece)}`));
}

const textElements = (text: string): TextObject[] =>
  plainPieces(text, SLACK_LIMITS.contextText).map(plainText);

function hostOf(url: string): string {
  try {
    return new URL(url).host || 'link';
  } catch {
    return 'link';
  }
}

/** The notification and fallback text: the title and the headlines on this page, escaped. */
function fallbackText(title: string, lines: readonly string[], index: number, pages: number): string {
  const part = pages > 1 ? ` (${index + 1}/${pages})` : '';
  return escapeAndTruncate([`${shownTitle(title)}${part}`, ...lines].join('\n'), SLACK_LIMITS.fallbackText);
}

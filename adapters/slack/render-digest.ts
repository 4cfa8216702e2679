import type { AlertDigest, AlertItem } from '../../src/render/alert-digest.js';
import { splitLine, truncateText } from '../../src/render/text-limits.js';
import {
  type Block,
  contextBlocks,
  fieldSections,
  type HeaderBlock,
  packBlocks,
  plainPieces,
  plainSections,
  SLACK_LIMITS,
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

/** One chat.postMessage body (without `channel`), as stored in the outbox. */
export interface SlackMessagePayload {
  [key: string]: unknown;
  text: string;
  blocks: Block[];
  unfurl_links: false;
  unfurl_media: false;
}

const STATE_MARK: Record<AlertItem['state'], string> = { firing: '▼', repeat: '↻', resolved: '✓' };
const STATE_WORD: Record<AlertItem['state'], string> = {
  firing: 'new',
  repeat: 'still firing',
  resolved: 'resolved',
};

/**
 * Renders a digest as Block Kit messages: a header, then per alert one section (headline and
 * figures) and a context line (watchlist, source, link). Splits into several messages rather than
 * exceeding a limit; each message has its own header and notification text.
 */
export function renderDigest(digest: AlertDigest): SlackMessagePayload[] {
  const groups = digest.alerts.map(alertBlocks);
  if (groups.length === 0) groups.push(plainSections('No alerts.'));
  // A title too long for the header is cut there, so it is also shown whole on the first page.
  const titleGroup = digest.title.length > SLACK_LIMITS.headerText ? [plainSections(digest.title)] : [];
  // One block per page is the header.
  const pages = packBlocks([...titleGroup, ...groups], SLACK_LIMITS.blocksPerMessage - 1);
  return pages.map((page, index) => {
    const alerts = page.groups
      .map((group) => digest.alerts[group - titleGroup.length])
      .filter((alert): alert is AlertItem => alert !== undefined);
    return {
      text: fallbackText(digest.title, alerts, index, pages.length),
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

function alertBlocks(alert: AlertItem): Block[] {
  const headline = plainSections(`${STATE_MARK[alert.state]} ${alert.headline}`);
  const [firstFacts, ...moreFacts] = fieldSections(
    alert.facts.flatMap((fact) => factFields(fact.label, fact.value)),
  );
  const last = headline.length - 1;
  // Slack lays fields out in two columns under the section's text.
  const withFacts = headline.map((section, index) =>
    index === last && firstFacts ? { ...section, fields: firstFacts.fields } : section,
  );
  return [...withFacts, ...moreFacts, ...contextBlocks(alertContext(alert))];
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

function alertContext(alert: AlertItem): TextObject[] {
  const severity = alert.severity === 'critical' ? ' · critical' : '';
  const elements: TextObject[] = textElements(
    `${alert.watchlistTitle} (${alert.watchlistId}) · ${STATE_WORD[alert.state]}${severity}`,
  );
  const source = `Source: ${alert.source}`;
  const linked = alert.url ? link(alert.url, hostOf(alert.url)) : undefined;
  if (linked && escapedLength(source) + linked.length + 3 <= SLACK_LIMITS.contextText) {
    elements.push(mrkdwn(`${escapeMrkdwn(source)} · ${linked}`));
  } else {
    elements.push(...textElements(source));
    // Not an http(s) link, or too long to link: still shown, as text.
    if (alert.url) elements.push(...textElements(alert.url));
  }
  return elements;
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
function fallbackText(title: string, alerts: readonly AlertItem[], index: number, pages: number): string {
  const part = pages > 1 ? ` (${index + 1}/${pages})` : '';
  const lines = [
    `${shownTitle(title)}${part}`,
    ...alerts.map((alert) => `${STATE_MARK[alert.state]} ${alert.headline}`),
  ];
  return escapeAndTruncate(lines.join('\n'), SLACK_LIMITS.fallbackText);
}

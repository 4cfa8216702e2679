import { linkableHref } from '../../src/render/link-url.js';
/**
 * Text objects for Block Kit. Every string ree-watch renders is plain text (see src/render/reply.ts):
 * prose goes out as `plain_text`, which Slack never formats, links or turns into mentions. Only markup
 * we write ourselves (bold labels, links, code blocks) uses `mrkdwn`, always with `verbatim: true` so
 * Slack does not auto-link URLs, channel names or @-mentions, and with the text inside escaped.
 */

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji: boolean;
}

export interface Mrkdwn {
  type: 'mrkdwn';
  text: string;
  verbatim: true;
}

export type TextObject = PlainText | Mrkdwn;

export const plainText = (text: string): PlainText => ({ type: 'plain_text', text, emoji: false });

export const mrkdwn = (text: string): Mrkdwn => ({ type: 'mrkdwn', text, verbatim: true });

// Broadcast words that Slack could turn into a notification where parsing is on; a zero-width space
// after the @ keeps them readable but inert.
const BROADCAST = /@(?=(?:channel|here|everyone)\b)/gi;

/**
 * Escapes plain text for a mrkdwn field: `&`, `<` and `>` are Slack's control characters (they start
 * links and mentions such as `<!channel>` or `<@U123>`); nothing else needs or has an escape.
 */
export function escapeMrkdwn(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replace(BROADCAST, '@\u200b');
}

/**
 * An upper bound of how long a plain string becomes once escaped: what Slack's limits count for
 * mrkdwn. Additive per character (every @ is counted as if it needed the zero-width space).
 */
export function escapedLength(text: string): number {
  let length = text.length;
  for (const char of text) {
    if (char === '&') length += 4;
    else if (char === '<' || char === '>') length += 3;
    else if (char === '@') length += 1;
  }
  return length;
}

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Escapes text and cuts it to at most `max` units after escaping, between graphemes (never inside an
 * entity such as &amp;), adding an ellipsis when something was cut.
 */
export function escapeAndTruncate(text: string, max: number): string {
  if (escapedLength(text) <= max) return escapeMrkdwn(text);
  let kept = '';
  let size = 0;
  for (const { segment } of segmenter.segment(text)) {
    const add = escapedLength(segment);
    if (size + add > max - 1) break;
    kept += segment;
    size += add;
  }
  return `${escapeMrkdwn(kept)}…`;
}

/** Bold text we author (labels, headings), with its content escaped. */
export const bold = (text: string): string => `*${escapeMrkdwn(text)}*`;

const FENCE = '```';

/**
 * A code block for monospace lines (tables, sparklines). Escaped, and a ``` inside the text is broken
 * up so it cannot close the block early.
 */
export function codeBlock(lines: readonly string[]): string {
  return `${FENCE}\n${lines.map(escapeCodeLine).join('\n')}\n${FENCE}`;
}

export const escapeCodeLine = (line: string): string => escapeMrkdwn(line).replaceAll('`', '`\u200b');

/** Measure of a line inside a code block, matching escapeCodeLine. */
export const codeLineLength = (line: string): number => escapedLength(line) + (line.match(/`/g)?.length ?? 0);

/** Characters a code block adds around its lines. */
export const CODE_BLOCK_OVERHEAD = FENCE.length * 2 + 2;

/**
 * A link we write ourselves, or undefined when the URL is not a plain http(s) URL. The URL is
 * normalised and percent-encodes the characters that would end Slack's `<url|label>` syntax.
 */
export function link(url: string, label: string): string | undefined {
  const safe = safeLinkUrl(url);
  if (!safe) return undefined;
  return `<${safe}|${escapeMrkdwn(label).replaceAll('|', '¦')}>`;
}

/** An http(s) URL safe inside `<url|label>` (see linkableHref), or undefined. */
export function safeLinkUrl(url: string): string | undefined {
  return linkableHref(url)
    ?.replaceAll('|', '%7C')
    .replaceAll('<', '%3C')
    .replaceAll('>', '%3E')
    .replaceAll(' ', '%20')
    .replaceAll('&', '&amp;');
}

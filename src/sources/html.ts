import { load } from 'cheerio';

/** Plain text of an HTML fragment (feed titles and descriptions often carry markup). */
export function htmlToText(html: string | null | undefined): string | undefined {
  if (!html) return undefined;
  const text = /[<&]/.test(html) ? load(`<body>${html}</body>`)('body').text() : html;
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat === '' ? undefined : flat;
}

/** Text clipped to `max` characters on a word boundary, for summaries. */
export function clip(text: string | undefined, max = 500): string | undefined {
  if (text === undefined || text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > max * 0.6 ? cut.slice(0, space) : cut}…`;
}

/**
 * A link as found in a page, made absolute against the page. Raw spaces and other characters that
 * real pages leave unencoded (DGFT's PDF names) are percent-encoded by the URL parser.
 */
export function absoluteUrl(href: string | undefined, page: string): string | undefined {
  const trimmed = href?.trim();
  if (!trimmed || trimmed.startsWith('javascript:') || trimmed === '#') return undefined;
  try {
    const url = new URL(trimmed, page);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

// Built on first use: it loads ICU's segmentation data, which start-up does not need.
let segmenter: Intl.Segmenter | undefined;
function graphemes(text: string): Intl.Segments {
  if (!segmenter) segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  return segmenter.segment(text);
}

/** Length in UTF-16 code units, which is how Slack and Discord count their limits. */
export const textLength = (text: string): number => text.length;

/**
 * Cuts text to at most `max` UTF-16 units without splitting a grapheme (emoji, CJK with combining
 * marks, surrogate pairs), adding an ellipsis when something was cut.
 */
export function truncateText(text: string, max: number, ellipsis = '…'): string {
  if (text.length <= max) return text;
  const budget = Math.max(0, max - ellipsis.length);
  let out = '';
  for (const { segment } of graphemes(text)) {
    if (out.length + segment.length > budget) break;
    out += segment;
  }
  return out + ellipsis;
}

/**
 * `truncateText`, but ending at the last space that leaves room: a line cut for length ends between
 * words, never inside one or inside a URL. Only text with no space at all is cut between graphemes.
 */
export function truncateAtWord(text: string, max: number, ellipsis = '…'): string {
  if (text.length <= max) return text;
  const cut = truncateText(text, max, '');
  const space = cut.slice(0, Math.max(0, max - ellipsis.length - 1)).lastIndexOf(' ');
  if (space <= 0) return truncateText(text, max, ellipsis);
  return `${cut.slice(0, space).replace(/[\s·,;:—-]+$/u, '')} ${ellipsis}`;
}

const URL_PATTERN = /(?:https?:\/\/|<https?:\/\/)\S+/g;

export interface SplitOptions {
  /**
   * How a platform counts a piece of text, e.g. after its escaping; must be additive (the measure of
   * a + b equals measure(a) + measure(b)). Defaults to UTF-16 length.
   */
  measure?: (text: string) => number;
  /**
   * Keep a URL longer than `max` whole in its own piece (the default). Pass false where the limit is
   * hard and the text is not a link anyway: the URL is then cut between graphemes like any long word.
   */
  keepLongUrls?: boolean;
}

/**
 * Splits one over-long line into pieces of at most `max` units, preferring spaces, never inside a
 * URL and never inside a grapheme. A URL longer than `max` on its own is kept whole in its own piece.
 */
export function splitLine(line: string, max: number, options: SplitOptions = {}): string[] {
  const measure = options.measure ?? textLength;
  const keepLongUrls = options.keepLongUrls ?? true;
  if (measure(line) <= max) return [line];
  const atoms: string[] = [];
  let last = 0;
  for (const match of line.matchAll(URL_PATTERN)) {
    const index = match.index ?? 0;
    atoms.push(...wordsOf(line.slice(last, index)));
    atoms.push(match[0]);
    last = index + match[0].length;
  }
  atoms.push(...wordsOf(line.slice(last)));

  const pieces: string[] = [];
  let current = '';
  let size = 0;
  const flush = () => {
    if (current.trim() !== '') pieces.push(current.trimEnd());
    current = '';
    size = 0;
  };
  for (const atom of atoms) {
    const atomSize = measure(atom);
    if (size + atomSize <= max) {
      current += atom;
      size += atomSize;
      continue;
    }
    flush();
    if (atomSize <= max || (keepLongUrls && /^<?https?:\/\//.test(atom))) {
      current = atom.trimStart();
      size = measure(current);
      continue;
    }
    for (const { segment } of graphemes(atom)) {
      const segmentSize = measure(segment);
      if (size + segmentSize > max) flush();
      current += segment;
      size += segmentSize;
    }
  }
  flush();
  return pieces;
}

function wordsOf(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/**
 * Packs lines into chunks whose joined length (with `separator`) stays within `max`, keeping lines
 * whole where they fit; the basis for splitting a long digest into several messages.
 */
export function packLines(
  lines: readonly string[],
  max: number,
  separator = '\n',
  options: SplitOptions = {},
): string[][] {
  const measure = options.measure ?? textLength;
  const separatorSize = measure(separator);
  const chunks: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const line of lines.flatMap((item) => splitLine(item, max, options))) {
    const lineSize = measure(line);
    if (current.length > 0 && size + separatorSize + lineSize > max) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    size += current.length === 0 ? lineSize : separatorSize + lineSize;
    current.push(line);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

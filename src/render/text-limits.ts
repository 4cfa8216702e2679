const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

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
  for (const { segment } of segmenter.segment(text)) {
    if (out.length + segment.length > budget) break;
    out += segment;
  }
  return out + ellipsis;
}

const URL_PATTERN = /(?:https?:\/\/|<https?:\/\/)\S+/g;

/**
 * Splits one over-long line into pieces of at most `max` units, preferring spaces, never inside a
 * URL and never inside a grapheme. A URL longer than `max` on its own is kept whole in its own piece.
 */
export function splitLine(line: string, max: number): string[] {
  if (line.length <= max) return [line];
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
  const flush = () => {
    if (current.trim() !== '') pieces.push(current.trimEnd());
    current = '';
  };
  for (const atom of atoms) {
    if (current.length + atom.length <= max) {
      current += atom;
      continue;
    }
    flush();
    if (atom.length <= max || /^<?https?:\/\//.test(atom)) {
      current = atom.trimStart();
      continue;
    }
    for (const { segment } of segmenter.segment(atom)) {
      if (current.length + segment.length > max) flush();
      current += segment;
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
export function packLines(lines: readonly string[], max: number, separator = '\n'): string[][] {
  const chunks: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const line of lines.flatMap((item) => splitLine(item, max))) {
    const added = current.length === 0 ? line.length : separator.length + line.length;
    if (current.length > 0 && size + added > max) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    size += current.length === 0 ? line.length : separator.length + line.length;
    current.push(line);
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

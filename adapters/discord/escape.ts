/**
 * Discord markdown escaping. Every string in a `Reply` or `AlertDigest` is plain text, so anything that
 * Discord would read as formatting, a mention, a masked link, a heading or a list is neutralised here.
 * Mentions never ping anyway (every payload carries `allowed_mentions: { parse: [] }`); escaping also
 * stops them from rendering as a highlighted @name.
 */

/** Characters that are markdown anywhere in a line: emphasis, code, spoilers, quotes, mentions, links. */
const INLINE_SPECIAL = /[\\*_~`|<>[\]]/g;
/** Markdown that only counts at the start of a line: headings, `-#` subtext, bullets, numbered lists. */
const LINE_START_SPECIAL = /^([ \t]*)(#{1,3}|-#?|\d+\.)(?=[ \t])/gm;
/** @everyone and @here notify a whole channel; a zero-width space breaks the keyword. */
const MASS_MENTION = /@(everyone|here)/gi;
const URL = /(?:https?:\/\/|<https?:\/\/)\S+/g;
const ZERO_WIDTH_SPACE = '\u200b';

/** Escapes plain text for a Discord message, embed title, description or field (not footers). */
export function escapeMarkdown(text: string): string {
  let out = '';
  let last = 0;
  // A bare URL is kept as is so it stays clickable; Discord does not format inside links.
  for (const match of text.matchAll(URL)) {
    const index = match.index ?? 0;
    out += escapeProse(text.slice(last, index)) + match[0];
    last = index + match[0].length;
  }
  out += escapeProse(text.slice(last));
  return escapeLineStarts(out);
}

/** For text Discord shows without markdown (embed authors, footers): only @everyone / @here are broken. */
export function breakMassMentions(text: string): string {
  return text.replace(MASS_MENTION, `@${ZERO_WIDTH_SPACE}$1`);
}

function escapeProse(text: string): string {
  return text.replace(INLINE_SPECIAL, '\\$&').replace(MASS_MENTION, `@${ZERO_WIDTH_SPACE}$1`);
}

function escapeLineStarts(text: string): string {
  return text.replace(LINE_START_SPECIAL, '$1\\$2');
}

/** Each of these may gain one character: a backslash, a zero-width space, or a line-start escape. */
const ESCAPE_COST = /[\\*_~`|<>[\]@\n]/g;

/**
 * An upper bound of `escapeMarkdown(text).length`, additive over any split of the text, so long text
 * can be split raw and escaped piece by piece (escaping first could leave a lone `\` at a cut).
 * Each piece is a new line once split, so callers reserve one more unit for a line-start escape.
 */
export function escapedLength(text: string): number {
  ESCAPE_COST.lastIndex = 0;
  let extra = 0;
  while (ESCAPE_COST.exec(text) !== null) extra++;
  return text.length + extra;
}

/** Text for inside a ``` code block: nothing is formatted there, but ``` would end the block. */
export function escapeCodeBlock(text: string): string {
  return text.replace(/`(?=`)/g, `\`${ZERO_WIDTH_SPACE}`);
}

/** Upper bound of `escapeCodeBlock(text).length`, additive like `escapedLength`. */
export function codeBlockLength(text: string): number {
  let length = text.length;
  for (const char of text) if (char === '`') length += 1;
  return length;
}

/** Scripts written without spaces between words: a keyword may start anywhere inside a run. */
const UNSPACED =
  /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;
/** A character that continues a word in a spaced script. */
const WORD_CHAR =
  /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Hangul}\p{Script=Arabic}\p{Script=Devanagari}\p{N}]/u;

/**
 * Folds what differs without meaning: compatibility forms (full-width "ＲＡＲＥ", "ﬁ"), case, and
 * runs of spaces, dashes and underscores, so "Rare-Earth" matches "rare earth".
 */
export function normaliseForMatch(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s\p{Pd}_]+/gu, ' ')
    .trim();
}

/**
 * Whether `keyword` occurs in `text` (both normalised). In spaced scripts the keyword must start a
 * word, so "ban" does not match "urban" while "magnet" matches "magnets"; in Chinese or Japanese it
 * may start anywhere, so 稀土 matches 关于稀土出口管制的公告.
 */
export function containsKeyword(normalisedText: string, keyword: string): boolean {
  const needle = normaliseForMatch(keyword);
  if (needle === '') return false;
  const anywhere = UNSPACED.test(needle);
  let from = 0;
  for (;;) {
    const at = normalisedText.indexOf(needle, from);
    if (at < 0) return false;
    const before = normalisedText.slice(Math.max(0, at - 2), at);
    const previous = [...before].pop();
    if (anywhere || previous === undefined || !WORD_CHAR.test(previous)) return true;
    from = at + 1;
  }
}

export interface KeywordMatch {
  matched: boolean;
  /** The keywords found, in the order the watchlist lists them. */
  keywords: string[];
}

/** `any`: at least one keyword; `all`: every keyword; both: each condition holds. */
export function matchKeywords(
  text: string,
  match: { any: readonly string[]; all: readonly string[] },
): KeywordMatch {
  const normalised = normaliseForMatch(text);
  const anyFound = match.any.filter((keyword) => containsKeyword(normalised, keyword));
  const allFound = match.all.filter((keyword) => containsKeyword(normalised, keyword));
  const matched = (match.any.length === 0 || anyFound.length > 0) && allFound.length === match.all.length;
  return { matched, keywords: matched ? [...new Set([...allFound, ...anyFound])] : [] };
}

const slug = (text: string) =>
  normaliseForMatch(text)
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '');

/** An agency filter entry matches by name or slug, anywhere in the notice's agency line. */
export function matchesAgency(agency: string | null, filters: readonly string[]): boolean {
  if (filters.length === 0) return true;
  if (!agency) return false;
  const have = slug(agency);
  return filters.some((filter) => {
    const want = slug(filter);
    return want !== '' && have.includes(want);
  });
}

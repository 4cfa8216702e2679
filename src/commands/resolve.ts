import { type Country, countryNames, resolveCountry } from '../countries/index.js';
import type { Watchlist } from '../model/watchlist.js';
import { watchlistCountries } from '../render/watchlist-words.js';
import { quoteInput } from '../text/echo.js';
import { suggest } from '../text/suggest.js';
import { usage } from './usage.js';

/** What a person typed, found, or not found with the closest alternatives. */
export type Resolution<T> = { found: T } | { missing: string; suggestions: string[] };

/** Lower case, dashes for spaces and underscores, no surrounding punctuation: "China_India Magnets" → "china-india-magnets". */
export function normaliseWatchlistId(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-')
    .replace(/^[#"'`<([]+|[>)\]"'`.,;:!?]+$/g, '');
}

/**
 * Finds a watchlist by id (any case, `_` or spaces for dashes) or by its exact title. When nothing
 * matches, suggests close ids, and the watchlists about a country or HS code if that is what was typed.
 */
export function resolveWatchlist(input: string, watchlists: readonly Watchlist[]): Resolution<Watchlist> {
  const id = normaliseWatchlistId(input);
  const byId = watchlists.find((watchlist) => watchlist.id === id);
  if (byId) return { found: byId };
  const title = input.trim().toLowerCase();
  const byTitle = watchlists.find((watchlist) => watchlist.title.toLowerCase() === title);
  if (byTitle) return { found: byTitle };
  return { missing: input, suggestions: suggestWatchlists(input, watchlists) };
}

export function suggestWatchlists(input: string, watchlists: readonly Watchlist[], max = 3): string[] {
  const ids = watchlists.map((watchlist) => watchlist.id);
  // A country or HS code names what the person wants to watch: those watchlists come first.
  const related = watchlistsAbout(input, watchlists).map((watchlist) => watchlist.id);
  const close = suggest(normaliseWatchlistId(input), ids, max);
  if (related.length + close.length > 0) return [...new Set([...related, ...close])].slice(0, max);
  // "india-magnets" → every id containing both words.
  const words = normaliseWatchlistId(input)
    .split('-')
    .filter((word) => word.length >= 3);
  if (words.length === 0) return [];
  return ids.filter((candidate) => words.every((word) => candidate.includes(word))).slice(0, max);
}

/** Watchlists about a country (any name or code) or watching an HS code (prefix either way). */
export function watchlistsAbout(input: string, watchlists: readonly Watchlist[]): Watchlist[] {
  const text = input.trim();
  if (/^\d{4,10}$/.test(text)) {
    return watchlists.filter(
      (watchlist) =>
        watchlist.kind === 'trade' && watchlist.hs.some((hs) => hs.startsWith(text) || text.startsWith(hs)),
    );
  }
  const country = resolveCountry(text);
  if (!country) return [];
  return watchlists.filter((watchlist) => watchlistCountries(watchlist).includes(country.code));
}

/** A country from one or more words ("south korea", "IN", "699", "Republic of India"). */
export function resolveCountryWords(words: readonly string[]): Resolution<Country> {
  const text = words.join(' ');
  const country = resolveCountry(text);
  if (country) return { found: country };
  return { missing: text, suggestions: suggest(text, countryNames()) };
}

/** "Did you mean: a, b?" or nothing, for a reply line. */
export function didYouMean(suggestions: readonly string[], prefix = ''): string | undefined {
  if (suggestions.length === 0) return undefined;
  return `Did you mean: ${suggestions.map((item) => `${prefix}${item}`).join(', ')}?`;
}

/** The line explaining one unknown watchlist id, with suggestions or the way to list them all. */
export function unknownWatchlistLine(missing: { missing: string; suggestions: string[] }): string {
  const hint = didYouMean(missing.suggestions) ?? `Type ${usage('watchlists')} to see every id.`;
  return `${quoteInput(missing.missing)} is not a watchlist id. ${hint}`;
}

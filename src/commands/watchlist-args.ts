import type { ChannelRef, CommandInvocation } from '../model/chat.js';
import type { Watchlist } from '../model/watchlist.js';
import { echoInput } from '../text/echo.js';
import type { CommandArgs } from './args.js';
import { normaliseWatchlistId, type Resolution, resolveWatchlist } from './resolve.js';

/** More ids than this in one command is almost certainly a paste gone wrong. */
export const MAX_WATCHLISTS_PER_COMMAND = 25;

export const channelOf = (invocation: CommandInvocation): ChannelRef => ({
  platform: invocation.platform,
  channel: invocation.channelId,
});

/** Who changed something, as recorded in the audit trail: the platform's stable user id. */
export const actorOf = (invocation: CommandInvocation): string => invocation.userId;

/** Who changed something, as shown to the channel. */
export const actorLabel = (invocation: CommandInvocation): string =>
  echoInput(invocation.userName ?? invocation.userId, 60) || 'someone';

/** Watchlist words from positional arguments: commas also separate, repeats count once. */
export function watchlistWords(words: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const word of words.flatMap((item) => item.split(','))) {
    const key = normaliseWatchlistId(word);
    if (key === '' || seen.has(key)) continue;
    seen.add(key);
    out.push(word.trim());
  }
  return out;
}

export interface ResolvedWatchlists {
  /** Ids that exist, each once, in the order typed. */
  ids: string[];
  missing: { missing: string; suggestions: string[] }[];
}

/**
 * Resolves every word to a watchlist id. `alsoKnown` are ids accepted even though they are no longer
 * in the watchlist file (a channel may still follow one that was removed, and must be able to leave it).
 */
export function resolveWatchlistWords(
  args: CommandArgs,
  watchlists: readonly Watchlist[],
  alsoKnown: readonly string[] = [],
): ResolvedWatchlists {
  const ids: string[] = [];
  const missing: ResolvedWatchlists['missing'] = [];
  for (const word of watchlistWords(args.positional)) {
    const resolution: Resolution<Watchlist> = resolveWatchlist(word, watchlists);
    const stale = alsoKnown.find((id) => id === normaliseWatchlistId(word));
    if ('found' in resolution) {
      if (!ids.includes(resolution.found.id)) ids.push(resolution.found.id);
    } else if (stale !== undefined) {
      if (!ids.includes(stale)) ids.push(stale);
    } else missing.push(resolution);
  }
  return { ids, missing };
}

import type { Country } from '../countries/index.js';
import type { StoredNotice } from '../model/notice.js';
import { DAY_MS } from '../model/time.js';
import type { NoticeWatchlist } from '../model/watchlist.js';
import { matchesAgency, matchKeywords } from '../rules/keyword-match.js';
import type { NoticeReader } from './ports.js';

/** How far back, and how many of the newest notices, `/ree <country>` looks through. */
const LOOK_BACK_MS = 365 * DAY_MS;
const SCAN = 500;

/**
 * The newest notices about a country: those a notice watchlist about it would alert on (its source,
 * keywords and agencies), and any notice that names the country.
 */
export async function noticesAbout(
  country: Country,
  watchlists: readonly NoticeWatchlist[],
  notices: NoticeReader,
  now: number,
  limit = 3,
): Promise<StoredNotice[]> {
  const names = { any: [country.name, ...country.aliases.filter((alias) => alias.length > 3)], all: [] };
  const found: StoredNotice[] = [];
  for (const notice of await notices.recent({ since: now - LOOK_BACK_MS, limit: SCAN })) {
    const text = `${notice.title}\n${notice.summary ?? ''}`;
    const watched = watchlists.some(
      (watchlist) =>
        watchlist.source === notice.source &&
        (watchlist.feed === undefined || watchlist.feed === notice.feed) &&
        matchesAgency(notice.agency, watchlist.agencies) &&
        matchKeywords(text, watchlist.match).matched,
    );
    if (watched || matchKeywords(text, names).matched) found.push(notice);
    if (found.length >= limit) break;
  }
  return found;
}

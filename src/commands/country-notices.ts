import type { Country } from '../countries/index.js';
import type { StoredNotice } from '../model/notice.js';
import { DAY_MS } from '../model/time.js';
import type { NoticeWatchlist } from '../model/watchlist.js';
import { matchesAgency, matchKeywords } from '../rules/keyword-match.js';
import type { NoticeReader } from './ports.js';

/**
 * How far back, and how many of the newest notices, `/ree <country>` looks through: read a page at a
 * time (50, then 100, 200 …), since the few it shows are most often among the newest.
 */
const LOOK_BACK_MS = 365 * DAY_MS;
const SCAN = 500;
const FIRST_PAGE = 50;

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
  const since = now - LOOK_BACK_MS;
  for (let read = 0, page = FIRST_PAGE; read < SCAN; read += page, page *= 2) {
    const batch = await notices.recent({ since, limit: Math.min(page, SCAN - read), offset: read });
    for (const notice of batch) {
      const text = `${notice.title}\n${notice.summary ?? ''}`;
      const watched = watchlists.some(
        (watchlist) =>
          watchlist.source === notice.source &&
          (watchlist.feed === undefined || watchlist.feed === notice.feed) &&
          matchesAgency(notice.agency, watchlist.agencies) &&
          matchKeywords(text, watchlist.match).matched,
      );
      if (watched || matchKeywords(text, names).matched) found.push(notice);
      if (found.length >= limit) return found;
    }
    if (batch.length < Math.min(page, SCAN - read)) break;
  }
  return found;
}

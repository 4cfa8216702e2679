import type { NoticeWatchlist, TradeWatchlist, Watchlist } from '../model/watchlist.js';
import type { NoticeRequest, SourceKind, SourceRequest, TradeRequest } from './source.js';

/** The names `ree-watch poll --source` accepts (kept here, away from the parsers, so the CLI starts fast). */
export const POLLED_SOURCES = ['comtrade', 'census', 'federal-register', 'mofcom', 'dgft', 'rss'] as const;

/** Trade sources that are only ever imported from files, never polled. */
export const IMPORT_ONLY_SOURCES: readonly string[] = ['gacc', 'csv'];

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The fetches the watchlists need, each once: watchlists asking for the same series share one
 * request (and one request carries both units, since sources return value and weight together).
 */
export function requestsFor(
  watchlists: readonly Watchlist[],
  filter: { source?: string; kind?: SourceKind } = {},
): SourceRequest[] {
  const requests = new Map<string, SourceRequest>();
  for (const watchlist of watchlists) {
    if (filter.kind && watchlist.kind !== filter.kind) continue;
    if (filter.source && watchlist.source !== filter.source) continue;
    if (watchlist.kind === 'trade') {
      if (IMPORT_ONLY_SOURCES.includes(watchlist.source)) continue;
      addTrade(requests, watchlist);
    } else addNotice(requests, watchlist);
  }
  return [...requests.values()];
}

function addTrade(requests: Map<string, SourceRequest>, watchlist: TradeWatchlist): void {
  const hs = [...new Set(watchlist.hs)].sort();
  const key = [
    'trade',
    watchlist.source,
    watchlist.reporter,
    watchlist.partner,
    watchlist.flow,
    hs.join(','),
  ].join('|');
  const existing = requests.get(key) as TradeRequest | undefined;
  if (existing) {
    if (!existing.units.includes(watchlist.unit)) existing.units.push(watchlist.unit);
    existing.watchlists.push(watchlist.id);
    return;
  }
  requests.set(key, {
    kind: 'trade',
    source: watchlist.source,
    reporter: watchlist.reporter,
    partner: watchlist.partner,
    flow: watchlist.flow,
    hs,
    units: [watchlist.unit],
    watchlists: [watchlist.id],
  });
}

function addNotice(requests: Map<string, SourceRequest>, watchlist: NoticeWatchlist): void {
  // Fixed lists (MOFCOM, DGFT) are one request whatever the keywords; searches and feeds differ by term or URL.
  const feed = watchlist.source === 'rss' ? watchlist.feed : undefined;
  const query = watchlist.source === 'federal-register' ? (watchlist.query ?? undefined) : undefined;
  const agencies =
    watchlist.source === 'federal-register'
      ? [
          ...new Set(
            watchlist.agencies.map((agency) => agency.toLowerCase()).filter((agency) => SLUG.test(agency)),
          ),
        ].sort()
      : [];
  const key = ['notice', watchlist.source, feed ?? '', query ?? '', agencies.join(',')].join('|');
  const existing = requests.get(key) as NoticeRequest | undefined;
  if (existing) {
    existing.sinceDays = Math.max(existing.sinceDays, watchlist.max_age_days);
    existing.watchlists.push(watchlist.id);
    return;
  }
  requests.set(key, {
    kind: 'notice',
    source: watchlist.source,
    ...(feed ? { feed } : {}),
    ...(query ? { query } : {}),
    agencies,
    sinceDays: watchlist.max_age_days,
    watchlists: [watchlist.id],
  });
}

/**
 * The health key of a feed: `rss:<host>`, so one broken news site shows up on its own in
 * /healthz and `/ree status` instead of marking every feed unhealthy.
 */
export function rssHealthKey(feed: string | undefined): string {
  try {
    return `rss:${new URL(feed ?? '').host}`;
  } catch {
    return 'rss:invalid-url';
  }
}

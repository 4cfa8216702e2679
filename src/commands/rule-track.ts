import type { StoredAlert } from '../model/alert.js';
import type { TradeWatchlist } from '../model/watchlist.js';
import { type WatchlistChart, watchlistChart } from '../render/watchlist-chart.js';
import { monthsToRead, ruleToShow, type SeriesTrack, trackSeries } from '../rules/rule-track.js';
import type { AlertHistory, SeriesReader } from './ports.js';

/**
 * The last `months` months of each stored series of a watchlist, with the shown rule's baseline and
 * threshold per month and the months it alerted on. Reads `months` plus what the baseline needs.
 */
export async function trackWatchlist(
  watchlist: TradeWatchlist,
  trade: Pick<SeriesReader, 'seriesOf' | 'recentMonths'>,
  alerts: readonly StoredAlert[],
  months: number,
  /** Show months up to this one even without rows (a month not yet published, say). */
  through?: string,
): Promise<SeriesTrack[]> {
  const rule = ruleToShow(watchlist, alerts);
  const tracks: SeriesTrack[] = [];
  for (const series of await trade.seriesOf(watchlist)) {
    const recent = await trade.recentMonths(series, monthsToRead(rule, months));
    tracks.push(trackSeries(series, recent, rule, alerts, months, through));
  }
  return tracks;
}

/**
 * The chart `/ree chart` draws of a watchlist's series (`hs`, by default its first), with the
 * months its alerts were raised on circled; what a drop alert carries too.
 */
export async function chartWatchlist(
  watchlist: TradeWatchlist,
  readers: {
    tradeHistory: Pick<SeriesReader, 'seriesOf' | 'recentMonths'>;
    alerts: Pick<AlertHistory, 'recent'>;
  },
  months: number,
  hs?: string,
): Promise<WatchlistChart | undefined> {
  const alerts = await readers.alerts.recent(watchlist.id, 200);
  return watchlistChart(
    watchlist,
    await trackWatchlist(watchlist, readers.tradeHistory, alerts, months),
    months,
    hs,
  );
}

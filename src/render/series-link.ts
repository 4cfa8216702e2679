import { countryByCode } from '../countries/index.js';
import type { TradeWatchlist } from '../model/watchlist.js';

const COMTRADE_TRADE_FLOW = 'https://comtradeplus.un.org/TradeFlow';

/**
 * A link that opens this series at its source, so each alert about a different series links to a
 * different page (Discord shows only the first of several embeds that share a URL). UN Comtrade's
 * Trade Flow page takes the query in its URL (frequency, flow, HS code, Comtrade country codes,
 * year); other sources have no page per series, so undefined.
 */
export function seriesLink(watchlist: TradeWatchlist, hs: string, period: string | null): string | undefined {
  if (watchlist.source !== 'comtrade') return undefined;
  const reporter = countryByCode(watchlist.reporter)?.comtradeCode;
  const partner = countryByCode(watchlist.partner)?.comtradeCode;
  if (reporter === undefined || partner === undefined) return undefined;
  const query = new URLSearchParams({
    Frequency: 'M',
    Flows: watchlist.flow === 'export' ? 'X' : 'M',
    CommodityCodes: hs,
    Partners: String(partner),
    Reporters: String(reporter),
    period: period ? period.slice(0, 4) : 'recent',
    AggregateBy: 'none',
    BreakdownMode: 'plus',
  });
  return `${COMTRADE_TRADE_FLOW}?${query}`;
}

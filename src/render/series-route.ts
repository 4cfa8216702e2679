import { countryByCode } from '../countries/index.js';
import type { StoredSeries } from '../model/trade.js';

const countryName = (code: string): string => countryByCode(code)?.name ?? code;

/** "China → India exports" or "United States imports from China". */
export function seriesRoute(series: Pick<StoredSeries, 'reporter' | 'partner' | 'flow'>): string {
  return series.flow === 'export'
    ? `${countryName(series.reporter)} → ${countryName(series.partner)} exports`
    : `${countryName(series.reporter)} imports from ${countryName(series.partner)}`;
}

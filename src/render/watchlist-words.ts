import { countryByCode } from '../countries/index.js';
import type { NoticeWatchlist, TradeWatchlist, Watchlist } from '../model/watchlist.js';
import { describeRule } from '../rules/rule-key.js';
import { sourceLabel } from '../rules/source-labels.js';
import { hsLabel } from './names.js';

const sourceName = (source: string): string => sourceLabel(source).name;

const countryName = (code: string): string => countryByCode(code)?.name ?? code;

/** "China → India exports of HS 850511 (permanent magnets of metal), value in USD, from UN Comtrade". */
export function describeSeries(watchlist: TradeWatchlist): string {
  const measure = watchlist.unit === 'kg' ? 'net weight in kg' : 'value in USD';
  const route =
    watchlist.flow === 'export'
      ? `${countryName(watchlist.reporter)} → ${countryName(watchlist.partner)} exports`
      : `${countryName(watchlist.reporter)} imports from ${countryName(watchlist.partner)}`;
  return `${route} of ${watchlist.hs.map(hsLabel).join(' + ')}, ${measure}, from ${sourceName(watchlist.source)}`;
}

/** What a notice watchlist reads and which words make a notice an alert. */
export function describeNoticeWatch(watchlist: NoticeWatchlist): string[] {
  const lines = [
    `Reads ${sourceName(watchlist.source)}${watchlist.query ? ` (search: ${watchlist.query})` : ''}${
      watchlist.feed ? ` (${watchlist.feed})` : ''
    }`,
  ];
  if (watchlist.match.any.length > 0)
    lines.push(`alerts on a new notice mentioning any of: ${watchlist.match.any.join(', ')}`);
  if (watchlist.match.all.length > 0)
    lines.push(`alerts on a new notice mentioning all of: ${watchlist.match.all.join(', ')}`);
  if (watchlist.agencies.length > 0) lines.push(`only from: ${watchlist.agencies.join(', ')}`);
  lines.push(`ignores notices published more than ${watchlist.max_age_days} days before they are first seen`);
  return lines;
}

/** Every line that explains a watchlist: what it reads, then each rule in words. */
export function describeWatchlist(watchlist: Watchlist): string[] {
  if (watchlist.kind === 'notice') return describeNoticeWatch(watchlist);
  return [
    describeSeries(watchlist),
    ...watchlist.rules.map((rule) => `alerts on ${describeRule(rule, watchlist.unit)}`),
  ];
}

/** The countries a watchlist is about, as canonical codes (for `/ree india` and suggestions). */
export function watchlistCountries(watchlist: Watchlist): string[] {
  if (watchlist.kind === 'trade') return [watchlist.reporter, watchlist.partner];
  const bySource: Record<string, string[]> = {
    mofcom: ['CN'],
    'federal-register': ['US'],
    dgft: ['IN'],
  };
  return bySource[watchlist.source] ?? [];
}

import { countryByCode } from '../countries/index.js';
import type { NoticeWatchlist, TradeRule, TradeWatchlist, Watchlist } from '../watchlists/types.js';
import { hsLabel, sourceName } from './names.js';

const countryName = (code: string): string => countryByCode(code)?.name ?? code;

/** "12,500,000 USD" or "3,200 kg". */
export function formatAmount(value: number, unit: string): string {
  return `${Math.round(value).toLocaleString('en-US')} ${unit}`;
}

const BASELINE: Record<'previous-month' | 'same-month-last-year', string> = {
  'previous-month': 'the previous month',
  'same-month-last-year': 'the same month a year earlier',
};

/** One rule as a sentence a channel member can check a figure against. */
export function describeRule(rule: TradeRule, unit: string): string {
  switch (rule.type) {
    case 'drop':
    case 'rise': {
      const baseline =
        rule.compare === 'trailing-average'
          ? `the average of the previous ${rule.months ?? 0} months`
          : BASELINE[rule.compare];
      const direction = rule.type === 'drop' ? 'falls' : 'rises';
      const side = rule.type === 'drop' ? 'below' : 'above';
      const guards = [
        rule.below === undefined ? undefined : `is under ${formatAmount(rule.below, unit)}`,
        rule.above === undefined ? undefined : `is over ${formatAmount(rule.above, unit)}`,
      ].filter((guard) => guard !== undefined);
      const also = guards.length > 0 ? ` and ${guards.join(' and ')}` : '';
      return `alerts when a month ${direction} ${rule.percent} % ${side} ${baseline}${also}`;
    }
    case 'floor':
      return `alerts when a month comes in under ${formatAmount(rule.below, unit)}`;
    case 'streak':
      return `alerts after ${rule.months} months in a row of decline`;
    case 'stale':
      return `alerts when no new month has been published for ${rule.days} days`;
    case 'revision':
      return `alerts when a published month is revised by more than ${rule.percent} %`;
  }
}

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
  return [describeSeries(watchlist), ...watchlist.rules.map((rule) => describeRule(rule, watchlist.unit))];
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

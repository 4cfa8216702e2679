import { CITATIONS } from './snapshot/citations.js';
import { type Basis, RARE_EARTHS_TOTAL, TRADE_SERIES, type TradeSeries } from './snapshot/trade.js';

const MONTH = new Intl.DateTimeFormat('en-US', { month: 'short', timeZone: 'UTC' });
const tonnes = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

const monthIndex = (month: string): number => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
const monthName = (month: string): string => MONTH.format(Date.parse(`${month}-01T00:00:00Z`));

/** ["2024-01","2024-02","2024-03","2024-11"] → "Jan–Mar 2024, Nov 2024". */
export function monthRanges(months: readonly string[]): string {
  const sorted = [...months].sort();
  const ranges: [string, string][] = [];
  for (const month of sorted) {
    const last = ranges.at(-1);
    if (last && monthIndex(month) === monthIndex(last[1]) + 1) last[1] = month;
    else ranges.push([month, month]);
  }
  return ranges
    .map(([from, to]) => {
      if (from === to) return `${monthName(from)} ${from.slice(0, 4)}`;
      const sameYear = from.slice(0, 4) === to.slice(0, 4);
      return `${monthName(from)}${sameYear ? '' : ` ${from.slice(0, 4)}`}–${monthName(to)} ${to.slice(0, 4)}`;
    })
    .join(', ');
}

function monthsWith(series: TradeSeries, basis: Basis): string[] {
  return Object.entries(series.figures)
    .filter(([, figure]) => figure.basis === basis)
    .map(([month]) => month);
}

function outlets(ids: readonly (keyof typeof CITATIONS)[]): string {
  return [...new Set(ids.map((id) => CITATIONS[id].outlet.split(' (')[0] as string))].join(', ');
}

/** "Oct 2024 4,725 t; 2025: Apr 2,627 · May 1,238 t" */
function figuresByYear(entries: readonly [string, number][]): string {
  const years = new Map<string, string[]>();
  for (const [month, value] of entries) {
    const list = years.get(month.slice(0, 4)) ?? [];
    list.push(`${monthName(month)} ${tonnes.format(value)}`);
    years.set(month.slice(0, 4), list);
  }
  return [...years].map(([year, list]) => `${year}: ${list.join(' · ')} t`).join('; ');
}

function publishedLine(series: TradeSeries): string | undefined {
  const months = monthsWith(series, 'published');
  if (months.length === 0) return undefined;
  const figures = figuresByYear(months.map((month) => [month, series.figures[month]?.tonnes ?? 0]));
  const cites = months.flatMap((month) => series.figures[month]?.cite ?? []);
  return `${series.label}: ${figures} (${outlets(cites)})`;
}

/**
 * What the demo prints after the replay: which figures are published (and by whom), which are
 * derived from published ones, and which are illustrative — generated from the snapshot itself,
 * so the footer cannot drift from the data.
 */
export function dataFooter(): string[] {
  const magnets = TRADE_SERIES.filter((series) => series.hs === '850511');
  const rareEarths = TRADE_SERIES.filter((series) => series.hs !== '850511');
  const out = [
    'About the data (tonnes; every source and quote: src/demo/snapshot/README.md)',
    '  Published:',
  ];
  for (const series of magnets) {
    const line = publishedLine(series);
    if (line) out.push(`    ${line}`);
  }
  const totals = Object.entries(RARE_EARTHS_TOTAL).filter(([, figure]) => figure.basis === 'published');
  out.push(
    `    China → World "rare earths" (compounds and metals together): ${figuresByYear(
      totals.map(([month, figure]) => [month, figure.tonnes]),
    )} (Reuters)`,
  );
  out.push('  Derived from published changes (e.g. a 2024 month from a published year-on-year change):');
  for (const series of magnets) {
    const months = monthsWith(series, 'derived');
    if (months.length > 0) out.push(`    ${series.label}: ${monthRanges(months)}`);
  }
  out.push('  Illustrative (made up for the demo, within what is published):');
  for (const series of magnets) {
    const months = monthsWith(series, 'illustrative');
    if (months.length === 0) continue;
    const all = months.length === Object.keys(series.figures).length;
    out.push(
      `    ${series.label}: ${all ? 'every month' : monthRanges(months)}${series.shaping ? `; ${series.shaping}` : ''}`,
    );
  }
  out.push(
    `    ${rareEarths.map((series) => series.label.replace('China → World ', '')).join(' and ')}: every month, a split of the "rare earths" total between HS ${rareEarths.map((series) => series.hs).join(' and ')}`,
  );
  out.push(
    '  Not published reliably: China’s monthly magnet exports to India. Not confirmed anywhere, so not used:',
    '    "India’s imports down 58 % from January".',
    '  Each month appears on the 20th of the next (when China’s customs publishes); UN Comtrade lists it later.',
  );
  return out;
}

import type { Country } from '../countries/index.js';
import type { SeriesPoint, StoredSeries } from '../model/trade.js';
import type { TradeWatchlist } from '../model/watchlist.js';
import { renderChartPng } from '../render/chart.js';
import { errorReply, type Reply, reply } from '../render/reply.js';
import { seriesRoute } from '../render/series-route.js';
import { addMonths, monthRange } from '../rules/periods.js';
import type { CommandContext, CommandDefinition } from './command.js';
import { monthsArg, monthsOption } from './months-arg.js';
import { resolveCountryWords, resolveWatchlist, unknownWatchlistLine, watchlistsAbout } from './resolve.js';
import { chartWatchlist } from './rule-track.js';
import { usage } from './usage.js';

const DEFAULT_MONTHS = 24;
const MAX_MONTHS = 60;
const MAX_LINES = 4;

export const chartCommand: CommandDefinition = {
  name: 'chart',
  summary: 'A PNG line chart of a watchlist (baseline, threshold and alert months drawn) or a country',
  usage: 'chart <watchlist|country> [months]',
  examples: [
    { command: 'chart', args: { subject: 'china-india-magnets' } },
    { command: 'chart', args: { subject: 'india', months: '36' } },
  ],
  options: [
    {
      name: 'subject',
      description: 'A watchlist id or a country',
      type: 'string',
      required: true,
      positional: true,
      autocomplete: 'watchlist',
    },
    monthsOption(DEFAULT_MONTHS, MAX_MONTHS),
  ],
  async run(args, context): Promise<Reply> {
    const parsed = monthsArg(
      args.positional,
      DEFAULT_MONTHS,
      MAX_MONTHS,
      usage('chart', { subject: 'china-india-magnets', months: '36' }),
    );
    if ('reply' in parsed) return parsed.reply;
    const text = parsed.rest.join(' ').trim();
    if (text === '')
      return errorReply('Chart of what?', [
        `Name a watchlist or a country, e.g. ${usage('chart', { subject: 'china-india-magnets' })} or ${usage('chart', { subject: 'india' })}.`,
      ]);
    const watchlist = resolveWatchlist(text, context.services.watchlists);
    if ('found' in watchlist) {
      if (watchlist.found.kind !== 'trade')
        return errorReply('Nothing to draw', [
          `${watchlist.found.id} watches notices, not figures. ${usage('history', { watchlist: watchlist.found.id })} lists what it found.`,
        ]);
      return chartOfWatchlist(watchlist.found, parsed.months, context);
    }
    const country = resolveCountryWords(parsed.rest);
    if ('found' in country) return countryChart(country.found, parsed.months, context);
    return errorReply('Chart of what?', [
      unknownWatchlistLine(watchlist),
      `A country works too, e.g. ${usage('chart', { subject: 'india' })}.`,
    ]);
  },
};

async function chartOfWatchlist(
  watchlist: TradeWatchlist,
  months: number,
  { services }: CommandContext,
): Promise<Reply> {
  const chart = await chartWatchlist(watchlist, services, months);
  if (!chart)
    return reply(`No figures for ${watchlist.id} yet`, [
      'Nothing is stored for it; the chart appears after the next poll.',
    ]);
  const more =
    watchlist.hs.length > 1
      ? [`Drawn: HS ${chart.hs}; ${usage('history', { watchlist: watchlist.id })} covers every HS code.`]
      : [];
  return reply(
    `Chart of ${watchlist.id}, ${chart.first} to ${chart.last}`,
    [
      `${chart.lines === 1 ? 'The series' : 'The series, the baseline (dotted) and the threshold (dashed red)'}; ${chart.alertMonths} alert month${chart.alertMonths === 1 ? '' : 's'} circled.`,
      ...more,
    ],
    { image: chart.image },
  );
}

async function countryChart(country: Country, months: number, { services }: CommandContext): Promise<Reply> {
  const series = new Map<number, StoredSeries>();
  for (const watchlist of watchlistsAbout(country.code, services.watchlists))
    if (watchlist.kind === 'trade')
      for (const stored of await services.tradeHistory.seriesOf(watchlist)) series.set(stored.id, stored);
  for (const stored of await services.tradeHistory.seriesBetween(
    country.code,
    country.code === 'CN' ? ['WORLD', 'WORLD'] : ['CN', 'WORLD'],
  ))
    series.set(stored.id, stored);
  // One unit per chart: the unit of the first (watched) series.
  const unit = [...series.values()][0]?.unit;
  const chosen = [...series.values()].filter((stored) => stored.unit === unit).slice(0, MAX_LINES);
  const recent: { stored: StoredSeries; points: SeriesPoint[] }[] = [];
  for (const stored of chosen)
    recent.push({ stored, points: (await services.tradeHistory.recentMonths(stored, months)).points });
  const latest = recent
    .flatMap((entry) => entry.points.map((point) => point.period))
    .sort()
    .at(-1);
  if (!latest || !unit)
    return reply(`No figures for ${country.name} yet`, [
      `No trade series about it is stored; ${usage('country', { country: 'india' })} shows what is watched.`,
    ]);
  const periods = monthRange(addMonths(latest, 1 - months), latest);
  const png = renderChartPng({
    title: `${country.name}: rare-earth trade`,
    subtitle: `${unit}, ${periods[0]} to ${latest}`,
    unit,
    lines: recent.map(({ stored, points }) => {
      const byPeriod = new Map(points.map((point) => [point.period, point.value]));
      return {
        label: `${seriesRoute(stored)} (HS ${stored.hs})`,
        points: periods.map((period) => ({ period, value: byPeriod.get(period) ?? null })),
        style: 'series' as const,
      };
    }),
  });
  return reply(
    `Chart of ${country.name}, ${periods[0]} to ${latest}`,
    [
      `${chosen.length} series in ${unit}${series.size > chosen.length ? ` (of ${series.size} stored)` : ''}.`,
    ],
    {
      image: {
        filename: `${country.code.toLowerCase()}-${months}m.png`,
        png,
        alt: `${country.name} rare-earth trade, ${periods[0]} to ${latest}`,
      },
    },
  );
}

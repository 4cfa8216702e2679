import type { RouteCoverage } from '../model/trade.js';
import type { Watchlist } from '../model/watchlist.js';
import { errorReply, type Reply, type ReplySection, reply } from '../render/reply.js';
import { seriesRoute } from '../render/series-route.js';
import { displayUnit, formatAmountIn, formatChange } from '../rules/format.js';
import type { SeriesTrack, TrackedMonth } from '../rules/rule-track.js';
import { alertHistoryLine } from './alert-history-line.js';
import type { CommandContext, CommandDefinition } from './command.js';
import { monthsArg, monthsOption } from './months-arg.js';
import { resolveWatchlist, unknownWatchlistLine } from './resolve.js';
import { trackWatchlist } from './rule-track.js';
import { usage } from './usage.js';

const DEFAULT_MONTHS = 12;
const MAX_MONTHS = 36;

export const historyCommand: CommandDefinition = {
  name: 'history',
  summary: "A watchlist's months with the baseline and threshold its rule compares, and the alerts it raised",
  usage: 'history <watchlist> [months]',
  examples: [
    { command: 'history', args: { watchlist: 'china-india-magnets' } },
    { command: 'history', args: { watchlist: 'china-us-magnets', months: '24' } },
  ],
  options: [
    {
      name: 'watchlist',
      description: 'The watchlist id',
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
      usage('history', { watchlist: 'china-india-magnets', months: '24' }),
    );
    if ('reply' in parsed) return parsed.reply;
    const [word, ...extra] = parsed.rest;
    if (word === undefined)
      return errorReply('Which watchlist?', [
        `e.g. ${usage('history', { watchlist: 'china-india-magnets' })} — ${usage('watchlists')} lists them.`,
      ]);
    const found = resolveWatchlist([word, ...extra].join(' '), context.services.watchlists);
    if ('missing' in found) return errorReply('No such watchlist', [unknownWatchlistLine(found)]);
    return historyOf(found.found, parsed.months, context);
  },
};

async function historyOf(watchlist: Watchlist, months: number, { services }: CommandContext): Promise<Reply> {
  const alerts = await services.alerts.recent(watchlist.id, 200);
  const sections: ReplySection[] = [];
  if (watchlist.kind === 'trade') {
    const coverage = await services.tradeCoverage.coverage(watchlist);
    // Where the source lists what is published, the months since the latest stored one show too.
    const through = coverage.published ? lastMonthBefore(services.clock.now()) : undefined;
    const tracks = await trackWatchlist(watchlist, services.tradeHistory, alerts, months, through);
    if (tracks.length === 0)
      sections.push({
        lines: ['No months are stored for this watchlist yet; they arrive with the next poll.'],
      });
    for (const track of tracks) sections.push(...trackSections(track, (month) => monthMark(month, coverage)));
  }
  sections.push({
    heading: 'Alerts',
    lines:
      alerts.length > 0
        ? alerts.slice(0, 8).map(alertHistoryLine)
        : ['This watchlist has not raised an alert yet.'],
  });
  return reply(`History of ${watchlist.id}`, [], {
    sections,
    footer: `${watchlist.title} · ${usage('chart', { subject: watchlist.id })} draws it`,
  });
}

/** The month before `now`'s, "YYYY-MM" (UTC). */
function lastMonthBefore(now: number): string {
  const date = new Date(now);
  const previous = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - 1, 1));
  return `${previous.getUTCFullYear()}-${String(previous.getUTCMonth() + 1).padStart(2, '0')}`;
}

/**
 * What a month is, in words, so that a missing figure is never read as a zero: reported (or
 * estimated), not reported (the row came without this figure), not yet published by the reporter,
 * no trade recorded (asked for a published month, answered without a row), or not fetched yet.
 */
function monthMark(month: TrackedMonth & { hs: string }, coverage: RouteCoverage): string {
  if (month.status !== null)
    return month.value === null ? 'not reported' : month.status === 'estimated' ? 'estimated' : 'reported';
  const answered = coverage.answered.get(month.period)?.has(month.hs) === true;
  if (coverage.published && !coverage.published.has(month.period)) return 'not yet published';
  if (answered) return 'no trade recorded';
  return coverage.published ? 'not fetched yet' : 'no figure';
}

/** A fixed-width table: month, value, baseline, threshold, change, what the month is, and where the rule fired. */
function trackSections(
  track: SeriesTrack,
  mark: (month: TrackedMonth & { hs: string }) => string,
): ReplySection[] {
  const { series } = track;
  // One unit for the whole table and its header: tonnes for a heavy kg series, never kg and t mixed.
  const shown = displayUnit(
    series.unit,
    track.months.flatMap((month) => [month.value, month.baseline, month.threshold]),
  );
  const amount = (value: number | null) => (value === null ? '–' : formatAmountIn(value, series.unit, shown));
  const rows = track.months.map((month) =>
    [
      month.period.padEnd(8),
      amount(month.value).padStart(10),
      amount(month.baseline).padStart(10),
      amount(month.threshold).padStart(10),
      (month.change === null ? '–' : formatChange(month.change)).padStart(7),
      `  ${mark({ ...month, hs: series.hs })}`.padEnd(19),
      month.alerted ? '  ◀ alert' : '',
    ]
      .join('')
      .trimEnd(),
  );
  const header = [
    'month'.padEnd(8),
    'value'.padStart(10),
    'baseline'.padStart(10),
    'threshold'.padStart(10),
    'change'.padStart(7),
    '  month is',
  ].join('');
  return [
    {
      heading: `${seriesRoute(series)} · HS ${series.hs} (${shown})`,
      lines: [
        track.ruleText
          ? `Rule shown: alerts on ${track.ruleText}. Baseline is what each month is compared with; the rule fires past the threshold.`
          : 'No rule of this watchlist compares against a baseline.',
      ],
    },
    { lines: [header, ...rows], monospace: true },
  ];
}

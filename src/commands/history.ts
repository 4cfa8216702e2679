import { errorReply, type Reply, type ReplySection, reply } from '../render/reply.js';
import { displayUnit, formatAmountIn, formatChange } from '../rules/format.js';
import type { Watchlist } from '../watchlists/types.js';
import { alertHistoryLine } from './alert-history-line.js';
import type { CommandContext, CommandDefinition } from './command.js';
import { monthsArg, monthsOption } from './months-arg.js';
import { resolveWatchlist, unknownWatchlistLine } from './resolve.js';
import { type SeriesTrack, trackWatchlist } from './rule-track.js';
import { seriesRoute } from './series-summary.js';

const DEFAULT_MONTHS = 12;
const MAX_MONTHS = 36;

export const historyCommand: CommandDefinition = {
  name: 'history',
  summary: "A watchlist's months with the baseline and threshold its rule compares, and the alerts it raised",
  usage: 'history <watchlist> [months]',
  examples: ['/ree history china-india-magnets', '/ree history china-us-magnets 24'],
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
  run(args, context): Reply {
    const parsed = monthsArg(
      args.positional,
      DEFAULT_MONTHS,
      MAX_MONTHS,
      '/ree history china-india-magnets 24',
    );
    if ('reply' in parsed) return parsed.reply;
    const [word, ...extra] = parsed.rest;
    if (word === undefined)
      return errorReply('Which watchlist?', [
        'e.g. /ree history china-india-magnets — /ree watchlists lists them.',
      ]);
    const found = resolveWatchlist([word, ...extra].join(' '), context.services.watchlists);
    if ('missing' in found) return errorReply('No such watchlist', [unknownWatchlistLine(found)]);
    return historyOf(found.found, parsed.months, context);
  },
};

function historyOf(watchlist: Watchlist, months: number, { services }: CommandContext): Reply {
  const alerts = services.alerts.recent(watchlist.id, 200);
  const sections: ReplySection[] = [];
  if (watchlist.kind === 'trade') {
    const tracks = trackWatchlist(watchlist, services.tradeHistory, alerts, months);
    if (tracks.length === 0)
      sections.push({
        lines: ['No months are stored for this watchlist yet; they arrive with the next poll.'],
      });
    for (const track of tracks) sections.push(...trackSections(track));
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
    footer: `${watchlist.title} · /ree chart ${watchlist.id} draws it`,
  });
}

/** A fixed-width table: month, value, baseline, threshold, change, and where the rule fired. */
function trackSections(track: SeriesTrack): ReplySection[] {
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
      month.alerted ? '  ◀ alert' : '',
    ].join(''),
  );
  const header = [
    'month'.padEnd(8),
    'value'.padStart(10),
    'baseline'.padStart(10),
    'threshold'.padStart(10),
    'change'.padStart(7),
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

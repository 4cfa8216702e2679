import type { Country } from '../countries/index.js';
import { countryNames } from '../countries/index.js';
import type { StoredAlert } from '../model/alert.js';
import type { StoredSeries } from '../model/trade.js';
import { MARKERS, markerOfRule } from '../render/markers.js';
import { errorReply, type Reply, type ReplySection, reply } from '../render/reply.js';
import { formatDate } from '../render/time.js';
import { ruleKindOf } from '../rules/rule-key.js';
import { sourceLabel } from '../rules/source-labels.js';
import { quoteInput } from '../text/echo.js';
import { suggest } from '../text/suggest.js';
import type { CommandContext, CommandDefinition } from './command.js';
import { noticesAbout } from './country-notices.js';
import { normaliseWatchlistId, resolveCountryWords, resolveWatchlist, watchlistsAbout } from './resolve.js';
import { SPARKLINE_MONTHS, seriesSection } from './series-summary.js';
import { usage } from './usage.js';
import { channelOf } from './watchlist-args.js';

export const countryCommand: CommandDefinition = {
  name: 'country',
  summary: "A country's rare-earth trade with China and the world, its alerts and the newest notices",
  usage: '<country>',
  examples: [
    { command: 'country', args: { country: 'india' } },
    { command: 'country', args: { country: 'JP' } },
    { command: 'country', args: { country: '"United States"' } },
  ],
  options: [
    {
      name: 'country',
      description: 'A country name, ISO code (IN, IND) or UN M49 number',
      type: 'string',
      required: true,
      positional: true,
      autocomplete: 'country',
    },
  ],
  async run(args, context): Promise<Reply> {
    if (args.positional.length === 0)
      return errorReply('Which country?', [
        `Name a country, e.g. ${usage('country', { country: 'india' })}, ${usage('country', { country: 'JP' })} or ${usage('country', { country: '"South Korea"' })}.`,
      ]);
    const resolution = resolveCountryWords(args.positional);
    if ('missing' in resolution) {
      // `/ree china-india-magnets` means the watchlist, not a country.
      const watchlist = resolveWatchlist(resolution.missing, context.services.watchlists);
      const show = context.registry.get('watchlists');
      if ('found' in watchlist && show)
        return show.run({ positional: [watchlist.found.id], flags: {} }, context);
      return notUnderstood(resolution.missing, context);
    }
    return countrySummary(resolution.found, context);
  },
};

/** At most this many series are shown; the watched ones come first. */
const MAX_SERIES = 6;

async function countrySummary(country: Country, { services, invocation }: CommandContext): Promise<Reply> {
  const now = services.clock.now();
  const followed = new Set(
    (await services.subscriptions.forChannel(channelOf(invocation))).map((sub) => sub.watchlist),
  );
  const related = watchlistsAbout(country.code, services.watchlists);

  // Watched series first, then whatever else is stored between the country and China or the world.
  const series = new Map<number, StoredSeries>();
  for (const watchlist of related)
    if (watchlist.kind === 'trade')
      for (const stored of await services.tradeHistory.seriesOf(watchlist)) series.set(stored.id, stored);
  const others: [string, string] = country.code === 'CN' ? ['WORLD', 'WORLD'] : ['CN', 'WORLD'];
  for (const stored of await services.tradeHistory.seriesBetween(country.code, others))
    series.set(stored.id, stored);
  const shown = [...series.values()].slice(0, MAX_SERIES);
  const sections: ReplySection[] = [];
  for (const stored of shown)
    sections.push(
      seriesSection(stored, await services.tradeHistory.recentMonths(stored, SPARKLINE_MONTHS), now),
    );
  if (sections.length === 0)
    sections.push({
      heading: 'Trade figures',
      lines: [
        `No trade figures are stored for ${country.name} yet.`,
        related.some((watchlist) => watchlist.kind === 'trade')
          ? 'They arrive with the next poll of the watchlists below.'
          : 'No watchlist follows its trade; add one to the watchlist file.',
      ],
    });
  else if (series.size > shown.length)
    sections.push({ lines: [`… and ${series.size - shown.length} more series stored.`] });

  const alerts: StoredAlert[] = [];
  for (const watchlist of related) alerts.push(...(await services.alerts.active(watchlist.id)));
  sections.push({
    heading: 'Active alerts',
    lines:
      alerts.length > 0
        ? alerts
            .slice(0, 5)
            .map((alert) => `${MARKERS[markerOfRule(ruleKindOf(alert.rule))]} ${alert.detail.headline}`)
        : ['None: no watchlist about this country is alerting.'],
  });
  if (alerts.length > 5)
    sections
      .at(-1)
      ?.lines.push(`… and ${alerts.length - 5} more: ${usage('history', { watchlist: '<watchlist>' })}`);

  const notices = await noticesAbout(
    country,
    related.filter((watchlist) => watchlist.kind === 'notice'),
    services.notices,
    now,
  );
  sections.push({
    heading: 'Newest notices',
    lines:
      notices.length > 0
        ? notices.map(
            (notice) =>
              `${formatDate(notice.publishedAt ?? notice.firstSeenAt)} · ${sourceLabel(notice.source).name} · ${notice.title.trim()}`,
          )
        : ['No notice about this country in the last year.'],
  });
  sections.push({
    heading: 'Watchlists',
    lines:
      related.length > 0
        ? related.map(
            (watchlist) =>
              `${watchlist.id} — ${watchlist.title}${followed.has(watchlist.id) ? ' (this channel follows it)' : ''}`,
          )
        : [`No watchlist is about ${country.name} yet.`],
  });

  const unfollowed = related.find((watchlist) => !followed.has(watchlist.id));
  return reply(`${country.name} (${country.code}): rare-earth trade and notices`, [], {
    sections,
    links: notices
      .filter((notice) => /^https?:\/\//i.test(notice.url))
      .map((notice) => ({ label: notice.title.trim(), url: notice.url })),
    ...(unfollowed
      ? { footer: `${usage('subscribe', { watchlists: unfollowed.id })} to get its alerts in this channel` }
      : {}),
  });
}

/**
 * A first word that is neither a command nor a country: the closest commands, countries and
 * watchlist ids, each written as the command to type.
 */
function notUnderstood(text: string, { registry, services }: CommandContext): Reply {
  const first = text.split(' ')[0] ?? text;
  const commandNames = registry
    .list()
    .filter((command) => command !== countryCommand)
    .flatMap((command) => [command.name, ...(command.aliases ?? [])]);
  const commands = suggest(first, commandNames, 2).map((name) => usage(registry.get(name)?.name ?? name));
  const countries = suggest(text, countryNames(), 2).map((name) =>
    usage('country', { country: name.toLowerCase() }),
  );
  const ids = services.watchlists.map((watchlist) => watchlist.id);
  const id = normaliseWatchlistId(text);
  const watchlists = (ids.includes(id) ? [id] : suggest(id, ids, 2)).map((name) =>
    usage('watchlists', { filter: name }),
  );
  const options = [...new Set([...commands, ...countries, ...watchlists])];
  return errorReply('Not understood', [
    `${quoteInput(text)} is not a command, a country or a watchlist I know.`,
    options.length > 0 ? `Did you mean: ${options.join(', ')}?` : `Type ${usage('help')} for the commands.`,
    ...(options.length > 0 ? [`Type ${usage('help')} for the commands.`] : []),
  ]);
}

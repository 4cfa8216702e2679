import type { Country } from '../countries/index.js';
import { countryNames } from '../countries/index.js';
import { errorReply, type Reply, reply } from '../render/reply.js';
import { quoteInput } from '../text/echo.js';
import { suggest } from '../text/suggest.js';
import type { CommandContext, CommandDefinition } from './command.js';
import { normaliseWatchlistId, resolveCountryWords, resolveWatchlist, watchlistsAbout } from './resolve.js';
import { channelOf } from './watchlist-args.js';

export const countryCommand: CommandDefinition = {
  name: 'country',
  summary: "A country's rare-earth trade with China and the world, its alerts and the newest notices",
  usage: '<country>',
  examples: ['/ree india', '/ree JP', '/ree "United States"'],
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
  run(args, context): Reply | Promise<Reply> {
    if (args.positional.length === 0)
      return errorReply('Which country?', [
        'Name a country, e.g. /ree india, /ree JP or /ree "South Korea".',
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

function countrySummary(country: Country, { services, invocation }: CommandContext): Reply {
  const followed = new Set(
    services.subscriptions.forChannel(channelOf(invocation)).map((sub) => sub.watchlist),
  );
  const related = watchlistsAbout(country.code, services.watchlists);
  const lines = related.map(
    (watchlist) =>
      `${watchlist.id} — ${watchlist.title}${followed.has(watchlist.id) ? ' (this channel follows it)' : ''}`,
  );
  const unfollowed = related.find((watchlist) => !followed.has(watchlist.id));
  return reply(`${country.name} (${country.code})`, [], {
    sections: [
      {
        heading: 'Watchlists',
        lines: lines.length > 0 ? lines : [`No watchlist is about ${country.name} yet.`],
      },
      { heading: 'Trade figures', lines: [`No trade figures are stored for ${country.name} yet.`] },
    ],
    ...(unfollowed ? { footer: `/ree subscribe ${unfollowed.id} to get its alerts in this channel` } : {}),
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
  const commands = suggest(first, commandNames, 2).map((name) => `/ree ${registry.get(name)?.name ?? name}`);
  const countries = suggest(text, countryNames(), 2).map((name) => `/ree ${name.toLowerCase()}`);
  const ids = services.watchlists.map((watchlist) => watchlist.id);
  const id = normaliseWatchlistId(text);
  const watchlists = (ids.includes(id) ? [id] : suggest(id, ids, 2)).map((name) => `/ree watchlists ${name}`);
  const options = [...new Set([...commands, ...countries, ...watchlists])];
  return errorReply('Not understood', [
    `${quoteInput(text)} is not a command, a country or a watchlist I know.`,
    options.length > 0 ? `Did you mean: ${options.join(', ')}?` : 'Type /ree help for the commands.',
    ...(options.length > 0 ? ['Type /ree help for the commands.'] : []),
  ]);
}

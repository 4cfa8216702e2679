import type { Watchlist } from '../model/watchlist.js';
import { errorReply, type Reply, type ReplySection, reply } from '../render/reply.js';
import { describeWatchlist } from '../render/watchlist-words.js';
import { echoInput, quoteInput } from '../text/echo.js';
import type { CommandDefinition } from './command.js';
import {
  didYouMean,
  normaliseWatchlistId,
  resolveWatchlist,
  suggestWatchlists,
  watchlistsAbout,
} from './resolve.js';
import { usage } from './usage.js';
import { channelOf } from './watchlist-args.js';

/** Characters of watchlist descriptions per page: one page stays one readable chat message. */
const PAGE_BUDGET = 2_800;

export const watchlistsCommand: CommandDefinition = {
  name: 'watchlists',
  aliases: ['list'],
  summary: 'Every watchlist: its id, what it watches, its rules in words, and how many channels follow it',
  usage: 'watchlists [watchlist|country|word] [--page N]',
  examples: [
    { command: 'watchlists' },
    { command: 'watchlists', args: { filter: 'india' } },
    { command: 'watchlists', args: { filter: 'china-india-magnets' } },
  ],
  options: [
    {
      name: 'filter',
      description: 'A watchlist id, a country, an HS code or a word from the title',
      type: 'string',
      positional: true,
      autocomplete: 'watchlist',
    },
    { name: 'page', description: 'Which page of the list', type: 'integer', positional: false },
  ],
  async run(args, { services, invocation }): Promise<Reply> {
    const { watchlists } = services;
    const counts = await services.subscriptions.counts();
    const here = new Set(
      (await services.subscriptions.forChannel(channelOf(invocation))).map((sub) => sub.watchlist),
    );
    const section = (watchlist: Watchlist): ReplySection => {
      const count = counts.get(watchlist.id) ?? 0;
      const following = `followed by ${count} channel${count === 1 ? '' : 's'}${here.has(watchlist.id) ? ', including this one' : ''}`;
      return {
        heading: `${watchlist.id} — ${watchlist.title}`,
        lines: [...describeWatchlist(watchlist), following],
      };
    };
    if (watchlists.length === 0)
      return reply('No watchlists', [
        'The watchlist file is empty; add watchlists to it (see config/watchlists.yaml).',
      ]);

    const filter = args.positional.join(' ').trim();
    let chosen: readonly Watchlist[] = watchlists;
    let heading = `${watchlists.length} watchlists`;
    if (filter !== '') {
      const exact = resolveWatchlist(filter, watchlists);
      if ('found' in exact) {
        return reply(exact.found.title, [], {
          sections: [section(exact.found)],
          footer: here.has(exact.found.id)
            ? `This channel follows it. ${usage('mute', { watchlist: exact.found.id, duration: '7d' })} pauses it here.`
            : `${usage('subscribe', { watchlists: exact.found.id })} to get its alerts in this channel.`,
        });
      }
      chosen = matching(filter, watchlists);
      if (chosen.length === 0) {
        return errorReply('No matching watchlist', [
          `No watchlist matches ${quoteInput(filter)}.`,
          didYouMean(suggestWatchlists(filter, watchlists)) ?? `Type ${usage('watchlists')} to see them all.`,
        ]);
      }
      heading = `${chosen.length} watchlist${chosen.length === 1 ? '' : 's'} matching ${quoteInput(filter)}`;
    }

    const pages = paginate(chosen.map(section));
    const requested = Number.parseInt(args.flags.page ?? '1', 10);
    const page = Number.isFinite(requested) ? Math.min(Math.max(requested, 1), pages.length) : 1;
    const next =
      page < pages.length
        ? `Page ${page} of ${pages.length} · next: ${usage('watchlists', { ...(filter ? { filter: echoInput(filter) } : {}), page: String(page + 1) })}`
        : pages.length > 1
          ? `Page ${page} of ${pages.length}`
          : undefined;
    const footer = [next, `${usage('subscribe', { watchlists: '<id>' })} to follow one here`]
      .filter(Boolean)
      .join(' · ');
    return reply(heading, [], { sections: pages[page - 1] ?? [], footer });
  },
};

/** Watchlists about a country or HS code, or whose id or title contains every word typed. */
function matching(filter: string, watchlists: readonly Watchlist[]): Watchlist[] {
  const about = watchlistsAbout(filter, watchlists);
  if (about.length > 0) return about;
  const words = normaliseWatchlistId(filter)
    .split('-')
    .filter((word) => word !== '');
  return watchlists.filter((watchlist) => {
    const hay = `${watchlist.id} ${watchlist.title.toLowerCase()}`;
    return words.every((word) => hay.includes(word));
  });
}

/** Packs whole watchlist sections into pages of at most PAGE_BUDGET characters (and 10 sections). */
function paginate(sections: ReplySection[]): ReplySection[][] {
  const pages: ReplySection[][] = [[]];
  let used = 0;
  for (const section of sections) {
    const size =
      (section.heading?.length ?? 0) + section.lines.reduce((sum, line) => sum + line.length + 1, 0);
    const current = pages[pages.length - 1] ?? [];
    if (current.length > 0 && (used + size > PAGE_BUDGET || current.length >= 10)) {
      pages.push([section]);
      used = size;
    } else {
      current.push(section);
      used += size;
    }
  }
  return pages;
}

import { type Reply, reply } from '../render/reply.js';
import type { CommandDefinition } from './command.js';
import { unknownWatchlistLine } from './resolve.js';
import { checkCount, nothingFound } from './subscribe.js';
import { usage } from './usage.js';
import { actorLabel, actorOf, channelOf, resolveWatchlistWords, watchlistWords } from './watchlist-args.js';

export const unsubscribeCommand: CommandDefinition = {
  name: 'unsubscribe',
  aliases: ['unfollow'],
  summary: 'Stop this channel receiving one or more watchlists, or all of them',
  usage: 'unsubscribe <watchlist…|all>',
  examples: [
    { command: 'unsubscribe', args: { watchlists: 'china-japan-magnets' } },
    { command: 'unsubscribe', args: { watchlists: 'all' } },
  ],
  options: [
    {
      name: 'watchlists',
      description: 'One or more watchlist ids separated by spaces, or "all"',
      type: 'string',
      positional: true,
      autocomplete: 'watchlist',
    },
  ],
  changesChannel: true,
  async run(args, context): Promise<Reply> {
    const { services, invocation } = context;
    const channel = channelOf(invocation);
    const followed = (await services.subscriptions.forChannel(channel)).map((sub) => sub.watchlist);
    // A watchlist really called "all" wins over the keyword.
    const all =
      args.positional.length === 1 &&
      args.positional[0]?.trim().toLowerCase() === 'all' &&
      !services.watchlists.some((watchlist) => watchlist.id === 'all');
    let ids: string[];
    let missing: ReturnType<typeof resolveWatchlistWords>['missing'] = [];
    if (all) {
      if (followed.length === 0)
        return reply('Nothing to unsubscribe', ['This channel does not follow any watchlist.'], {
          tone: 'info',
        });
      ids = followed;
    } else {
      const problem = checkCount(watchlistWords(args.positional).length, 'unsubscribe', context);
      if (problem) return problem;
      const resolved = resolveWatchlistWords(args, services.watchlists, followed);
      if (resolved.ids.length === 0) return nothingFound(resolved, 'unsubscribe');
      ids = resolved.ids;
      missing = resolved.missing;
    }

    const { removed, notFollowed } = await services.subscriptions.unsubscribe(
      channel,
      ids,
      actorOf(invocation),
      services.clock.now(),
    );
    const lines = [
      ...removed.map((id) => `✓ No longer following ${id}`),
      ...notFollowed.map((id) => `• This channel was not following ${id}; nothing changed`),
      ...missing.map((item) => `✗ ${unknownWatchlistLine(item)}`),
    ];
    const title =
      removed.length === 0
        ? 'Nothing to unsubscribe'
        : `This channel stopped following ${removed.length === 1 ? removed[0] : `${removed.length} watchlists`}`;
    return reply(title, lines, {
      tone: missing.length > 0 ? 'warning' : removed.length > 0 ? 'success' : 'info',
      footer: `Changed by ${actorLabel(invocation)} · ${usage('subscriptions')} shows what this channel still follows`,
    });
  },
};

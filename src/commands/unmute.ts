import { type Reply, reply } from '../render/reply.js';
import type { CommandDefinition } from './command.js';
import { unknownWatchlistLine } from './resolve.js';
import { checkCount, nothingFound } from './subscribe.js';
import { actorLabel, actorOf, channelOf, resolveWatchlistWords, watchlistWords } from './watchlist-args.js';

export const unmuteCommand: CommandDefinition = {
  name: 'unmute',
  summary: 'End a mute now, so alerts from the watchlist arrive here again',
  usage: 'unmute <watchlist…>',
  examples: [{ command: 'unmute', args: { watchlist: 'china-india-magnets' } }],
  options: [
    {
      name: 'watchlist',
      description: 'The watchlist id to unmute (several: separate with spaces)',
      type: 'string',
      required: true,
      positional: true,
      autocomplete: 'watchlist',
    },
  ],
  changesChannel: true,
  async run(args, context): Promise<Reply> {
    const { services, invocation } = context;
    const problem = checkCount(watchlistWords(args.positional).length, 'unmute', context);
    if (problem) return problem;
    const channel = channelOf(invocation);
    const now = services.clock.now();
    const mutedIds = (await services.mutes.activeFor(channel, now)).map((mute) => mute.watchlist);
    const resolved = resolveWatchlistWords(args, services.watchlists, mutedIds);
    if (resolved.ids.length === 0) return nothingFound(resolved, 'unmute');

    const unmuted: string[] = [];
    const notMuted: string[] = [];
    for (const id of resolved.ids) {
      const active = (await services.mutes.mutedUntil(channel, id, now)) !== undefined;
      // Remove an expired row too, but only an active mute counts as "unmuted" to the reader.
      await services.mutes.unmute(channel, id, actorOf(invocation), now);
      (active ? unmuted : notMuted).push(id);
    }
    const lines = [
      ...unmuted.map((id) => `✓ Unmuted ${id}: its alerts arrive here again`),
      ...notMuted.map((id) => `• ${id} was not muted in this channel; nothing changed`),
      ...resolved.missing.map((item) => `✗ ${unknownWatchlistLine(item)}`),
    ];
    const title =
      unmuted.length === 0
        ? 'Nothing was muted'
        : `Unmuted ${unmuted.length === 1 ? unmuted[0] : `${unmuted.length} watchlists`}`;
    return reply(title, lines, {
      tone: resolved.missing.length > 0 ? 'warning' : unmuted.length > 0 ? 'success' : 'info',
      footer: `Changed by ${actorLabel(invocation)}`,
    });
  },
};

import { errorReply, type Reply, reply } from '../render/reply.js';
import { formatUtc } from '../render/time.js';
import type { CommandContext, CommandDefinition } from './command.js';
import { unknownWatchlistLine } from './resolve.js';
import { usage } from './usage.js';
import {
  actorLabel,
  actorOf,
  channelOf,
  MAX_WATCHLISTS_PER_COMMAND,
  type ResolvedWatchlists,
  resolveWatchlistWords,
  watchlistWords,
} from './watchlist-args.js';

export const subscribeCommand: CommandDefinition = {
  name: 'subscribe',
  aliases: ['follow'],
  summary: "Make this channel receive one or more watchlists' alerts",
  usage: 'subscribe <watchlist…>',
  examples: [
    { command: 'subscribe', args: { watchlists: 'china-india-magnets' } },
    { command: 'subscribe', args: { watchlists: 'china-us-magnets china-japan-magnets' } },
  ],
  options: [
    {
      name: 'watchlists',
      description: 'One or more watchlist ids, separated by spaces',
      type: 'string',
      required: true,
      positional: true,
      autocomplete: 'watchlist',
    },
  ],
  changesChannel: true,
  async run(args, context): Promise<Reply> {
    const { services, invocation } = context;
    const problem = checkCount(watchlistWords(args.positional).length, 'subscribe', context);
    if (problem) return problem;
    const resolved = resolveWatchlistWords(args, services.watchlists);
    if (resolved.ids.length === 0) return nothingFound(resolved, 'subscribe');

    const channel = channelOf(invocation);
    const now = services.clock.now();
    const { added, already } = await services.subscriptions.subscribe(
      channel,
      resolved.ids,
      actorOf(invocation),
      now,
    );
    const since = new Map(
      (await services.subscriptions.forChannel(channel)).map((sub) => [sub.watchlist, sub.createdAt]),
    );
    const titleOf = (id: string) => services.watchlists.find((watchlist) => watchlist.id === id)?.title ?? id;

    const lines = [
      ...added.map((id) => `✓ Now following ${id} — ${titleOf(id)}`),
      ...already.map((id) => {
        const at = since.get(id);
        return `• Already following ${id}${at === undefined ? '' : ` (since ${formatUtc(at)})`}; nothing changed`;
      }),
      ...resolved.missing.map((missing) => `✗ ${unknownWatchlistLine(missing)}`),
    ];
    const notes: string[] = [];
    for (const id of [...added, ...already]) {
      const until = await services.mutes.mutedUntil(channel, id, now);
      if (until !== undefined)
        notes.push(
          `${id} is muted here until ${formatUtc(until)}; ${usage('unmute', { watchlist: id })} to hear it now.`,
        );
    }
    // Someone acting in the channel is the cue that whatever broke delivery (bot removed, channel
    // archived) was fixed: try again. If it was not, the next send flags the channel again.
    const resumed = await services.subscriptions.resumeChannel(channel, actorOf(invocation), now);
    if (resumed)
      notes.push(
        `Delivery here had been failing since ${formatUtc(resumed.since)}` +
          `${resumed.reason ? ` (${resumed.reason})` : ''}. It is switched back on: the next alert will be sent here again.` +
          ` If it still cannot be delivered, the channel is flagged again and ${usage('status')} says why.`,
      );

    const title =
      added.length > 0
        ? `This channel now follows ${added.length === 1 ? added[0] : `${added.length} more watchlists`}`
        : resumed
          ? 'Alerts will be sent to this channel again'
          : 'This channel already follows that';
    return reply(title, [], {
      sections: [{ lines }, ...(notes.length > 0 ? [{ heading: 'Note', lines: notes }] : [])],
      tone: resolved.missing.length > 0 ? 'warning' : added.length > 0 || resumed ? 'success' : 'info',
      footer: `Changed by ${actorLabel(invocation)} · ${usage('subscriptions')} lists everything this channel follows`,
    });
  },
};

/** Refuses an empty or absurdly long list with the usage, instead of guessing. */
export function checkCount(count: number, verb: string, context: CommandContext): Reply | undefined {
  if (count === 0) {
    const ids = context.services.watchlists.map((watchlist) => watchlist.id);
    // subscribe and unsubscribe name it `watchlists`, mute `watchlist`: Discord shows the name.
    const watchlistOption = context.registry.get(verb)?.options[0]?.name ?? 'watchlists';
    return errorReply('Which watchlist?', [
      `Name one or more watchlists, e.g. ${usage(verb, { [watchlistOption]: ids[0] ?? 'china-india-magnets' })}`,
      ids.length > 0
        ? `Watchlists: ${ids.slice(0, 12).join(', ')}${ids.length > 12 ? ` and ${ids.length - 12} more` : ''}.`
        : 'No watchlists are configured yet; add some to the watchlist file.',
      `Type ${usage('watchlists')} for what each one watches.`,
    ]);
  }
  if (count > MAX_WATCHLISTS_PER_COMMAND)
    return errorReply('Too many watchlists at once', [
      `That names ${count} watchlists; ${verb} at most ${MAX_WATCHLISTS_PER_COMMAND} at a time.`,
    ]);
  return undefined;
}

/** None of the words named a watchlist: say so for each, with suggestions, and change nothing. */
export function nothingFound(resolved: ResolvedWatchlists, verb: string): Reply {
  return errorReply(`Nothing to ${verb}`, [
    ...resolved.missing.map(unknownWatchlistLine),
    `Nothing was changed. Type ${usage('watchlists')} to see every id.`,
  ]);
}

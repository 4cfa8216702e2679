import { formatDuration } from '../duration.js';
import { errorReply, type Reply, reply } from '../render/reply.js';
import { formatUtc } from '../render/time.js';
import { echoInput, quoteInput } from '../text/echo.js';
import type { CommandDefinition } from './command.js';
import { MAX_MUTE_MS, MIN_MUTE_MS, splitMuteArgs } from './mute-duration.js';
import { unknownWatchlistLine } from './resolve.js';
import { checkCount, nothingFound } from './subscribe.js';
import { usage } from './usage.js';
import { actorLabel, actorOf, channelOf, resolveWatchlistWords, watchlistWords } from './watchlist-args.js';

const FOREVER = new Set(['forever', 'permanently', 'always', 'indefinitely', 'never']);

const DURATION_HELP = 'Durations: 30m, 12h, 7d, 2w, 1mo (30 days), up to 90 days.';

export const muteCommand: CommandDefinition = {
  name: 'mute',
  summary: 'Pause a watchlist in this channel for a while; alerts are still recorded',
  usage: 'mute <watchlist…> <duration>',
  examples: [
    { command: 'mute', args: { watchlist: 'china-india-magnets', duration: '7d' } },
    { command: 'mute', args: { watchlist: 'china-us-magnets china-japan-magnets', duration: '12h' } },
  ],
  options: [
    {
      name: 'watchlist',
      description: 'The watchlist id to mute (several: separate with spaces)',
      type: 'string',
      required: true,
      positional: true,
      autocomplete: 'watchlist',
    },
    {
      name: 'duration',
      description: 'How long, e.g. 12h, 7d, 2w (at most 90 days)',
      type: 'string',
      required: true,
      positional: true,
    },
  ],
  changesChannel: true,
  async run(args, context): Promise<Reply> {
    const { services, invocation } = context;
    const words = args.positional.filter((word) => !FOREVER.has(word.toLowerCase()));
    if (words.length < args.positional.length)
      return errorReply('Mutes always end', [
        `A mute needs a length, e.g. ${usage('mute', { watchlist: 'china-india-magnets', duration: '7d' })}. ${DURATION_HELP}`,
        `To stop a watchlist for good, use ${usage('unsubscribe', { watchlists: '<watchlist>' })}.`,
      ]);
    const { durationText, durationMs, rest } = splitMuteArgs(words);
    const problem = checkCount(watchlistWords(rest).length, 'mute', context);
    if (problem) return problem;
    if (durationText === undefined)
      return errorReply('For how long?', [
        `Add a duration, e.g. ${usage('mute', { watchlist: echoInput(watchlistWords(rest)[0] ?? '') || 'china-india-magnets', duration: '7d' })}`,
        DURATION_HELP,
      ]);
    if (durationMs === undefined)
      return errorReply('That is not a duration', [
        `${quoteInput(durationText)} is not a duration I understand.`,
        DURATION_HELP,
      ]);
    if (durationMs < MIN_MUTE_MS || durationMs > MAX_MUTE_MS)
      return errorReply('Duration out of range', [
        `${quoteInput(durationText)} is ${durationMs < MIN_MUTE_MS ? 'shorter than a minute' : 'longer than 90 days'}.`,
        DURATION_HELP,
        ...(durationMs > MAX_MUTE_MS
          ? [`To stop a watchlist for good, use ${usage('unsubscribe', { watchlists: '<watchlist>' })}.`]
          : []),
      ]);

    const resolved = resolveWatchlistWords({ positional: rest, flags: {} }, services.watchlists);
    if (resolved.ids.length === 0) return nothingFound(resolved, 'mute');
    const channel = channelOf(invocation);
    const followed = new Set((await services.subscriptions.forChannel(channel)).map((sub) => sub.watchlist));
    const now = services.clock.now();
    const until = now + durationMs;
    const muted: string[] = [];
    const notFollowed: string[] = [];
    const lines: string[] = [];
    for (const id of resolved.ids) {
      if (!followed.has(id)) {
        notFollowed.push(id);
        continue;
      }
      // Muting again replaces the end time, so say what it was: a shorter mute can end one early.
      const before = await services.mutes.mutedUntil(channel, id, now);
      await services.mutes.mute(channel, id, until, actorOf(invocation), now);
      muted.push(id);
      lines.push(
        `✓ Muted ${id} for ${formatDuration(durationMs)}, until ${formatUtc(until)}` +
          (before === undefined ? '' : ` (it was muted until ${formatUtc(before)})`),
      );
    }
    lines.push(
      ...notFollowed.map(
        (id) => `• Not muted: this channel does not follow ${id}, so nothing from it is posted here anyway`,
      ),
      ...resolved.missing.map((item) => `✗ ${unknownWatchlistLine(item)}`),
    );
    if (muted.length === 0)
      return errorReply('Nothing muted', [
        ...lines,
        `Type ${usage('subscriptions')} to see what this channel follows.`,
      ]);
    return reply(
      `Muted ${muted.length === 1 ? muted[0] : `${muted.length} watchlists`} until ${formatUtc(until)}`,
      [],
      {
        tone: notFollowed.length + resolved.missing.length > 0 ? 'warning' : 'success',
        sections: [
          { lines },
          {
            lines: [
              'Alerts are still recorded while muted; new ones arrive here again when the mute ends.',
              `To end it early: ${usage('unmute', { watchlist: muted.join(' ') })}`,
            ],
          },
        ],
        footer: `Muted by ${actorLabel(invocation)}`,
      },
    );
  },
};

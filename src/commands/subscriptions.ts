import { formatDuration } from '../duration.js';
import type { ChannelRef } from '../model/chat.js';
import { type Reply, type ReplySection, reply } from '../render/reply.js';
import { formatDate, formatUtc, relativeTime } from '../render/time.js';
import type { CommandDefinition, CommandServices } from './command.js';
import { usage } from './usage.js';
import { channelOf } from './watchlist-args.js';

export const subscriptionsCommand: CommandDefinition = {
  name: 'subscriptions',
  aliases: ['following'],
  summary: 'What this channel follows, what is muted, and whether alerts reach it',
  usage: 'subscriptions',
  examples: [{ command: 'subscriptions' }],
  options: [],
  async run(_args, { services, invocation }): Promise<Reply> {
    const channel = channelOf(invocation);
    const now = services.clock.now();
    const subscriptions = await services.subscriptions.forChannel(channel);
    const mutes = await services.mutes.activeFor(channel, now);
    const known = new Map(services.watchlists.map((watchlist) => [watchlist.id, watchlist]));
    const mutedUntil = new Map(mutes.map((mute) => [mute.watchlist, mute.until]));

    const following = subscriptions.map((sub) => {
      const watchlist = known.get(sub.watchlist);
      const by = sub.createdBy ? ` by ${sub.createdBy}` : '';
      const muted = mutedUntil.get(sub.watchlist);
      const state = muted === undefined ? '' : ` · muted for ${formatDuration(muted - now)}`;
      if (!watchlist)
        return `${sub.watchlist} — no longer in the watchlist file, so nothing will arrive; ${usage('unsubscribe', { watchlists: sub.watchlist })}`;
      return `${sub.watchlist} — ${watchlist.title} · since ${formatDate(sub.createdAt)}${by}${state}`;
    });
    const sections: ReplySection[] = [];
    if (following.length > 0) sections.push({ heading: 'Following', lines: following });
    else {
      const example = services.watchlists[0]?.id ?? 'china-india-magnets';
      sections.push({
        lines: [
          'This channel does not follow any watchlist, so no alerts are posted here.',
          `Try ${usage('subscribe', { watchlists: example })}, or ${usage('watchlists')} to see them all.`,
        ],
      });
    }
    if (mutes.length > 0)
      sections.push({
        heading: 'Muted',
        lines: mutes.map(
          (mute) =>
            `${mute.watchlist} — ${formatDuration(mute.until - now)} left (until ${formatUtc(mute.until)})` +
            `${mute.createdBy ? `, muted by ${mute.createdBy}` : ''}; ${usage('unmute', { watchlist: mute.watchlist })}`,
        ),
      });
    sections.push({ heading: 'Delivery', lines: await deliveryLines(services, channel, now) });

    const failing = (await services.subscriptions.channelHealth(channel))?.status === 'failing';
    const title =
      subscriptions.length === 0
        ? 'This channel follows no watchlists'
        : `This channel follows ${subscriptions.length} watchlist${subscriptions.length === 1 ? '' : 's'}`;
    return reply(title, [], { sections, tone: failing ? 'warning' : 'info' });
  },
};

/** Whether alerts reach this channel, from the last delivery attempt the sender recorded. */
export async function deliveryLines(
  services: CommandServices,
  channel: ChannelRef,
  now: number,
): Promise<string[]> {
  const health = await services.subscriptions.channelHealth(channel);
  if (!health) {
    // Only a failure flags a channel; a working one shows in its outbox history.
    const { lastDeliveredAt, pending } = await services.deliveryStatus.summary(channel);
    const waiting =
      pending > 0 ? [`${pending} message${pending === 1 ? '' : 's'} waiting to be sent here.`] : [];
    if (lastDeliveredAt === null) return ['Nothing has been delivered here yet.', ...waiting];
    return [
      `Alerts are being delivered here; last delivery ${relativeTime(lastDeliveredAt, now)}.`,
      ...waiting,
    ];
  }
  if (health.status === 'ok')
    return [`Alerts are being delivered (working since ${formatUtc(health.since)}).`];
  return [
    `Delivery has been failing since ${formatUtc(health.since)} (${relativeTime(health.since, now)}).`,
    `Reason: ${health.reason ?? 'not recorded'}.`,
    'Check that the ree-watch app is still in this channel and allowed to post here.',
  ];
}

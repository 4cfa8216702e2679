import type { ChannelRef, Platform } from '../model/chat.js';
import { POSTING_LIMITS, type PostingLimits, type RateWindow } from '../model/platform-limits.js';
import type { RateSlots } from './ports.js';

/**
 * The platforms' posting limits held in the database, so that every replica on it together sends no
 * faster than one is allowed to: each send takes the next slot of its channel's scope and of its
 * platform's (Slack's workspace, Discord's global limit) in one statement, which says when it may go.
 * A window of `limit` sends in `windowMs` becomes one send every `windowMs / limit`: never more than
 * `limit` in any window, without the burst one process may take alone. Slots are 5 % wider than that
 * (Slack's 5 a second become one send every 210 ms): a send that leaves a few milliseconds late must
 * not put two of them inside one of the platform's windows.
 * A 429's Retry-After is written to the channel's scope and pauses that channel on every replica.
 */
export class SharedRateLimits {
  constructor(
    private readonly slots: RateSlots,
    private readonly limits: Readonly<Record<Platform, PostingLimits>> = POSTING_LIMITS,
  ) {}

  /** Takes this send's slots; resolves to when it may go (`now` or later). */
  reserve(ref: ChannelRef, now: number): Promise<number> {
    const { perChannel, perPlatform } = this.limits[ref.platform];
    return this.slots.reserve(
      [
        ...perChannel.map((window, index) => slot(channelScope(ref, index), window)),
        ...perPlatform.map((window, index) => slot(`${ref.platform}:all:${index}`, window)),
      ],
      now,
    );
  }

  /** No send to this channel before `until`, on any replica. */
  blockChannel(ref: ChannelRef, until: number): Promise<void> {
    const windows = this.limits[ref.platform].perChannel;
    return this.slots.block(
      windows.map((_, index) => channelScope(ref, index)),
      until,
    );
  }
}

const channelScope = (ref: ChannelRef, index: number) => `${ref.platform}:channel:${ref.channel}:${index}`;

/** Room for a send that leaves late (timers, a busy event loop) without crowding the next one. */
const SLOT_MARGIN = 1.05;

const slot = (scope: string, window: RateWindow) => ({
  scope,
  intervalMs: Math.ceil((window.windowMs / window.limit) * SLOT_MARGIN),
});

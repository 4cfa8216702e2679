import type { Clock } from '../clock.js';
import { formatDuration } from '../duration.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { ChannelHealth, ChannelRef, OutgoingPayload, SendResult } from '../model/chat.js';
import type { OutboxMessage } from '../model/delivery.js';
import { renderedPayload } from './digest-message.js';
import type { DeliveryChannels, OutboxQueue } from './ports.js';
import type { DeliveryRateLimiter } from './rate-limiter.js';
import { decideAfterSend } from './retry-decision.js';
import type { SharedRateLimits } from './shared-rate-limits.js';

/** What one drain of the outbox did, message by message. */
export interface DeliveryCounts {
  delivered: number;
  /** Rate-limited or failed transiently; will be retried. */
  retrying: number;
  /** Permanent errors, including messages not sent because their channel was flagged failing. */
  failed: number;
  expired: number;
}

export interface DeliveryOutcomesOptions {
  outbox: OutboxQueue;
  subscriptions: Pick<DeliveryChannels, 'markChannel'>;
  clock: Clock;
  metrics: Metrics;
  /** A message not delivered this long after it was queued is given up (OUTBOX_MAX_AGE). */
  maxAgeMs: number;
  random: () => number;
  /** The lease owner: a row is only changed while this process still holds it. */
  owner: string;
  /** This process's limiter, told of a 429's Retry-After. */
  limiter: DeliveryRateLimiter;
  /** The limits shared by every replica, told of a 429's Retry-After too. */
  sharedLimits?: SharedRateLimits;
}

/**
 * What a send's result does: to its outbox row (delivered, retried later, failed, given up), to its
 * channel (flagged failing) and to the limits (a Retry-After), counted, measured and logged. The one
 * writer of a claimed row's outcome; the sender decides what to send, this records what came of it.
 */
export class DeliveryOutcomes {
  constructor(private readonly options: DeliveryOutcomesOptions) {}

  /** Gives up the messages older than OUTBOX_MAX_AGE. */
  async expireOld(counts: DeliveryCounts, logger: Logger): Promise<void> {
    const { outbox, clock, metrics, maxAgeMs } = this.options;
    for (const message of await outbox.expire(clock.now(), maxAgeMs, formatDuration(maxAgeMs))) {
      counts.expired++;
      metrics.deliveries.inc({ platform: message.platform, outcome: 'expired' });
      logger.warn(
        {
          outboxId: message.id,
          platform: message.platform,
          channel: message.channel,
          attempts: message.attempts,
        },
        `gave up on a message (OUTBOX_MAX_AGE): ${message.reason}`,
      );
    }
  }

  /** A message claimed for a channel already flagged failing: not sent, failed with the channel's reason. */
  async channelFailing(
    message: OutboxMessage,
    health: ChannelHealth,
    counts: DeliveryCounts,
    log: Logger,
  ): Promise<void> {
    const reason = `not sent: the channel is flagged failing (${health.reason ?? 'no reason recorded'})`;
    await this.options.outbox.markFailed(message.id, this.options.owner, this.options.clock.now(), reason);
    counts.failed++;
    this.options.metrics.deliveries.inc({ platform: message.platform, outcome: 'permanent' });
    log.warn(reason);
  }

  /** A part of a digest went out: the row keeps the rendered rest, due at once (the limiter spaces it). */
  async part(
    message: OutboxMessage,
    ref: ChannelRef,
    rest: { rendered: OutgoingPayload[]; next: number },
    counts: DeliveryCounts,
    log: Logger,
  ): Promise<void> {
    const now = this.options.clock.now();
    this.options.metrics.deliveries.inc({ platform: ref.platform, outcome: 'delivered' });
    const payload = renderedPayload(rest.rendered, rest.next);
    if (await this.options.outbox.advance(message.id, this.options.owner, now, payload)) {
      counts.delivered++;
      log.info({ part: rest.next, parts: rest.rendered.length }, 'message part delivered');
    } else log.warn('message part sent after its lease had expired; another process may have sent it too');
  }

  /** The whole message's result: delivered, retried later, failed alone, or failed with its channel. */
  async result(
    message: OutboxMessage,
    ref: ChannelRef,
    result: SendResult,
    counts: DeliveryCounts,
    log: Logger,
  ): Promise<void> {
    const { outbox, subscriptions, clock, metrics, maxAgeMs, owner } = this.options;
    const now = clock.now();
    const decision = decideAfterSend(result, message, now, maxAgeMs, this.options.random);
    metrics.deliveries.inc({ platform: ref.platform, outcome: result.ok ? 'delivered' : result.kind });
    switch (decision.action) {
      case 'delivered':
        if (await outbox.markDelivered(message.id, owner, now, decision.externalId)) {
          counts.delivered++;
          log.info('message delivered');
        } else log.warn('message sent after its lease had expired; another process may have sent it too');
        return;
      case 'retry':
        if (decision.blockChannelUntil !== undefined) {
          this.options.limiter.blockChannel(ref, decision.blockChannelUntil);
          // Every replica waits out the Retry-After, not only the one that was told.
          await this.options.sharedLimits?.blockChannel(ref, decision.blockChannelUntil);
        }
        await outbox.retryLater(message.id, owner, now, decision.notBefore, decision.outcome, decision.error);
        counts.retrying++;
        log.warn(
          { error: decision.error, retryInMs: decision.notBefore - now },
          `delivery ${decision.outcome}; will retry`,
        );
        return;
      case 'fail-message':
        await outbox.markFailed(message.id, owner, now, decision.error);
        counts.failed++;
        log.warn(
          { error: decision.error },
          'permanent delivery error for this message only; the channel goes on',
        );
        return;
      case 'fail-channel': {
        await outbox.markFailed(message.id, owner, now, decision.error);
        await subscriptions.markChannel(ref, 'failing', decision.error, now);
        const others = await outbox.failChannel(
          ref,
          now,
          `not sent: the channel was flagged failing (${decision.error})`,
        );
        counts.failed += 1 + others;
        if (others > 0) metrics.deliveries.inc({ platform: ref.platform, outcome: 'permanent' }, others);
        log.error(
          { error: decision.error, alsoFailed: others },
          'permanent delivery error: the channel is flagged failing and nothing more is sent to it ' +
            '(check the channel exists and the bot is a member, then subscribe it again)',
        );
        return;
      }
    }
  }
}

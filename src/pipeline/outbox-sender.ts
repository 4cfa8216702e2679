import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { ChatAdapter } from '../../adapters/chat-adapter.js';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { ChannelRef, Platform, SendResult } from '../model/chat.js';
import type { OutboxHead, OutboxMessage } from '../model/delivery.js';
import type { PostingLimits } from '../model/platform-limits.js';
import { type ChartDrawer, DigestCharts } from './attach-charts.js';
import { type DeliveryCounts, DeliveryOutcomes } from './delivery-outcomes.js';
import { type NextCall, nextCall } from './digest-message.js';
import type { DeliveryChannels, OutboxQueue } from './ports.js';
import { DeliveryRateLimiter } from './rate-limiter.js';
import type { SharedRateLimits } from './shared-rate-limits.js';

export interface OutboxSenderOptions {
  outbox: OutboxQueue;
  subscriptions: Pick<DeliveryChannels, 'channelHealth' | 'markChannel'>;
  /** The chat adapters by platform; read at each drain, so adapters started later are used. */
  adapters: ReadonlyMap<Platform, ChatAdapter>;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  /** A message not delivered this long after it was queued is given up (OUTBOX_MAX_AGE). */
  maxAgeMs: number;
  limits?: Readonly<Record<Platform, PostingLimits>>;
  /**
   * The limits as state shared by every replica on the database (PostgreSQL): each send then also
   * takes its slot there and waits for it, and a 429 pauses its channel on every replica. Without it,
   * this process's own limiter is the only one (one process per database: SQLite).
   */
  sharedLimits?: SharedRateLimits;
  /**
   * How long a claimed message stays reserved (default 60 s): longer than any send can take. Adapters
   * bound every call well under it (Slack 10 s a request, 30 s for a chart's three-step upload; Discord
   * 15 s a send), or a slow send could be claimed and sent again by another process.
   */
  leaseMs?: number;
  /** Sends in flight at once, each to a different channel. */
  concurrency?: number;
  random?: () => number;
  /** Names this process in leases; unique per process by default. */
  owner?: string;
  /** How `drainUntilQuiet` waits; tests pass one that moves a fake clock. */
  sleep?: (ms: number) => Promise<void>;
  /** Draws the charts of a digest for platforms that post images; none are drawn without it. */
  drawChart?: ChartDrawer;
}

export interface DrainReport extends DeliveryCounts {
  /** When a pending message next becomes sendable; null when nothing is pending for our platforms. */
  nextDueAt: number | null;
}

/**
 * The longest a claimed message waits for its shared slot before it is put back until then: well
 * inside the lease, with room for the send itself (at most 30 s, a chart's upload).
 */
const MAX_SLOT_WAIT_MS = 10_000;

/** How long a claimed message is reserved for one send by default. */
export const OUTBOX_LEASE_MS = 60_000;

const refKey = (ref: ChannelRef) => `${ref.platform}:${ref.channel}`;
const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Drains the outbox. It keeps each channel's messages in order (only a channel's oldest pending
 * message may go), claims a message with a lease before sending it, respects every platform's
 * limits, honours Retry-After, backs off with jitter on transient errors until OUTBOX_MAX_AGE,
 * and on a permanent error flags the channel failing and stops sending to it. Adapters never retry.
 * Driven by `drainOnce()` (tests, with a fake clock), `drainUntilQuiet()` (one-shot runs) or the
 * service's `OutboxLoop`.
 */
export class OutboxSender {
  readonly owner: string;
  private readonly limiter: DeliveryRateLimiter;
  private readonly outcomes: DeliveryOutcomes;
  private readonly leaseMs: number;
  private readonly concurrency: number;
  private drains: Promise<unknown> = Promise.resolve();
  private stopping = false;
  private readonly charts: DigestCharts | undefined;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: OutboxSenderOptions) {
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
    this.limiter = new DeliveryRateLimiter(options.limits);
    this.leaseMs = options.leaseMs ?? OUTBOX_LEASE_MS;
    this.concurrency = options.concurrency ?? 8;
    this.outcomes = new DeliveryOutcomes({
      outbox: options.outbox,
      subscriptions: options.subscriptions,
      clock: options.clock,
      metrics: options.metrics,
      maxAgeMs: options.maxAgeMs,
      random: options.random ?? Math.random,
      owner: this.owner,
      limiter: this.limiter,
      ...(options.sharedLimits ? { sharedLimits: options.sharedLimits } : {}),
    });
    this.sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    this.charts = options.drawChart
      ? new DigestCharts(options.drawChart, (details, message) => options.logger.warn(details, message))
      : undefined;
  }

  /** Sends everything sendable now (as the injected clock says), then reports when more becomes due. */
  drainOnce(): Promise<DrainReport> {
    // One drain at a time per sender: the service loop and a direct call never interleave.
    const run = this.drains.then(() => this.drain());
    this.drains = run.catch(() => undefined);
    return run;
  }

  /**
   * Drains, waiting for messages that become due within `maxWaitMs` (the rest of a split digest, a
   * short Retry-After), so a one-shot `ree-watch poll` leaves nothing behind that it could have sent.
   */
  async drainUntilQuiet(maxWaitMs: number): Promise<DrainReport> {
    const total = { delivered: 0, retrying: 0, failed: 0, expired: 0 };
    const deadline = this.options.clock.now() + maxWaitMs;
    for (;;) {
      const report = await this.drainOnce();
      total.delivered += report.delivered;
      total.retrying += report.retrying;
      total.failed += report.failed;
      total.expired += report.expired;
      if (this.stopping || report.nextDueAt === null || report.nextDueAt > deadline)
        return { ...total, nextDueAt: report.nextDueAt };
      await this.sleep(Math.max(0, report.nextDueAt - this.options.clock.now()));
    }
  }

  /** Stops claiming messages for good; resolves when the sends in flight have finished and been recorded. */
  halt(): Promise<void> {
    this.stopping = true;
    return this.drains.then(() => undefined);
  }

  private async drain(): Promise<DrainReport> {
    const report: DeliveryCounts = { delivered: 0, retrying: 0, failed: 0, expired: 0 };
    await this.outcomes.expireOld(report, this.options.logger);
    const inFlight = new Map<string, Promise<void>>();
    while (!this.stopping) {
      while (inFlight.size >= this.concurrency) await Promise.race(inFlight.values());
      if (this.stopping) break;
      const now = this.options.clock.now();
      // A batch: the heads sendable now within every limit, as many as there are free send slots,
      // claimed in one statement. Each pick counts in the limits, so the batch never exceeds them.
      const picked: OutboxHead[] = [];
      for (const head of await this.sendableHeads()) {
        if (picked.length >= this.concurrency - inFlight.size) break;
        if (inFlight.has(refKey(head)) || this.dueAt(head, now) > now) continue;
        this.limiter.record(head, now);
        picked.push(head);
      }
      const claimed = await this.options.outbox.claimBatch(
        picked.map((head) => head.id),
        this.owner,
        now + this.leaseMs,
        now,
      );
      const won = new Set(claimed.map((message) => message.id));
      // Heads another replica claimed first were not sent by this one.
      for (const head of picked) if (!won.has(head.id)) this.limiter.forget(head, now);
      for (const message of claimed) {
        const ref: ChannelRef = { platform: message.platform, channel: message.channel };
        const key = refKey(ref);
        inFlight.set(
          key,
          this.deliver(message, report).finally(() => {
            this.limiter.settle(ref, now, this.options.clock.now());
            inFlight.delete(key);
          }),
        );
      }
      // Something picked (claimed, or lost to another replica and leased now): read the heads again.
      if (picked.length > 0) continue;
      if (inFlight.size === 0) break;
      // A finished send can make its channel's next message sendable.
      await Promise.race(inFlight.values());
    }
    await Promise.all(inFlight.values());
    return { ...report, nextDueAt: await this.nextDueAt() };
  }

  private async sendableHeads(): Promise<OutboxHead[]> {
    return (await this.options.outbox.heads()).filter((head) => this.options.adapters.has(head.platform));
  }

  private dueAt(head: OutboxHead, now: number): number {
    return Math.max(head.notBefore, head.leaseUntil ?? 0, this.limiter.nextAllowedAt(head, now));
  }

  private async nextDueAt(): Promise<number | null> {
    const heads = await this.sendableHeads();
    const now = this.options.clock.now();
    let next: number | null = null;
    for (const head of heads) {
      const at = this.dueAt(head, now);
      next = next === null ? at : Math.min(next, at);
    }
    return next;
  }

  /** Sends one claimed message and records what happened; never throws. */
  private async deliver(message: OutboxMessage, report: DeliveryCounts): Promise<void> {
    const ref: ChannelRef = { platform: message.platform, channel: message.channel };
    const log = this.options.logger.child({
      outboxId: message.id,
      platform: message.platform,
      channel: message.channel,
      attempt: message.attempts,
    });
    try {
      const health = await this.options.subscriptions.channelHealth(ref);
      if (health?.status === 'failing') {
        await this.outcomes.channelFailing(message, health, report, log);
        return;
      }
      const adapter = this.options.adapters.get(message.platform);
      if (!adapter) {
        const error = `no ${message.platform} adapter is running`;
        await this.outcomes.result(message, ref, { ok: false, kind: 'transient', error }, report, log);
        return;
      }
      let call: NextCall | undefined;
      try {
        call = await nextCall(message, adapter, this.charts);
      } catch (error) {
        // A renderer that throws on this digest would throw again: only this message is given up.
        const failed = `could not render the message for ${message.platform}: ${errorText(error)}`;
        const result: SendResult = { ok: false, kind: 'permanent', error: failed, onlyThisMessage: true };
        await this.outcomes.result(message, ref, result, report, log);
        return;
      }
      if (!call) {
        await this.outcomes.result(message, ref, { ok: true }, report, log);
        return;
      }
      const slotAt = await this.waitForSharedSlot(ref);
      if (slotAt !== undefined) {
        const now = this.options.clock.now();
        const error = 'waiting for the posting limit shared with the other replicas';
        await this.options.outbox.retryLater(message.id, this.owner, now, slotAt, 'rate-limited', error);
        report.retrying++;
        log.debug({ retryInMs: slotAt - now }, error);
        return;
      }
      let result: SendResult;
      try {
        result = await adapter.send(message.channel, call.payload, { idempotencyKey: call.idempotencyKey });
      } catch (error) {
        // Adapters should return a SendResult; a throw is treated as transient so nothing is lost.
        result = {
          ok: false,
          kind: 'transient',
          error: `the ${message.platform} adapter threw: ${errorText(error)}`,
        };
      }
      if (result.ok && call.rest) await this.outcomes.part(message, ref, call.rest, report, log);
      else await this.outcomes.result(message, ref, result, report, log);
    } catch (error) {
      log.error(
        { err: error },
        'could not record a delivery attempt; the lease will expire and it will be retried',
      );
    }
  }

  /**
   * With shared limits, takes this send's slot and waits for it. Returns the slot's time instead when
   * it is too far off to hold the lease for: the message is put back until then (the slot stays taken).
   */
  private async waitForSharedSlot(ref: ChannelRef): Promise<number | undefined> {
    const shared = this.options.sharedLimits;
    if (!shared) return undefined;
    const now = this.options.clock.now();
    const at = await shared.reserve(ref, now);
    if (at - now > MAX_SLOT_WAIT_MS) return at;
    if (at > now) await this.sleep(at - now);
    return undefined;
  }
}

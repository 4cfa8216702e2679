import type { ChannelRef } from '../model/chat.js';
import type { DeliveryError, DeliverySummary } from '../model/delivery.js';
import type { Db } from './db.js';

/** Read models of the outbox for `/ree status` and `/ree subscriptions`: "3 pending, last error: …". */
export class DeliveryStatusStore {
  private readonly countsAll;
  private readonly countsChannel;
  private readonly lastErrorAll;
  private readonly lastErrorChannel;

  constructor(db: Db) {
    const counts = `SELECT
        COALESCE(SUM(state = 'pending'), 0) AS pending,
        COALESCE(SUM(state IN ('failed', 'expired')), 0) AS failed,
        MAX(delivered_at) AS lastDeliveredAt
      FROM outbox`;
    this.countsAll = db.prepare<[], CountsRow>(counts);
    this.countsChannel = db.prepare<[string, string], CountsRow>(
      `${counts} WHERE platform = ? AND channel = ?`,
    );
    const lastError = `SELECT a.at, o.platform, o.channel, a.outcome, a.detail FROM delivery_attempts a
      JOIN outbox o ON o.id = a.outbox_id WHERE a.outcome != 'delivered'`;
    this.lastErrorAll = db.prepare<[], DeliveryError>(`${lastError} ORDER BY a.at DESC, a.id DESC LIMIT 1`);
    this.lastErrorChannel = db.prepare<[string, string], DeliveryError>(
      `${lastError} AND o.platform = ? AND o.channel = ? ORDER BY a.at DESC, a.id DESC LIMIT 1`,
    );
  }

  /** How many messages wait to be sent, overall or for one channel. */
  pendingCount(ref?: ChannelRef): number {
    return this.counts(ref).pending;
  }

  /** The most recent failed attempt (rate-limited, transient, permanent or expired). */
  lastError(ref?: ChannelRef): DeliveryError | null {
    const row = ref ? this.lastErrorChannel.get(ref.platform, ref.channel) : this.lastErrorAll.get();
    return row ?? null;
  }

  summary(ref?: ChannelRef): DeliverySummary {
    const counts = this.counts(ref);
    return { ...counts, lastError: this.lastError(ref) };
  }

  private counts(ref?: ChannelRef): CountsRow {
    const row = ref ? this.countsChannel.get(ref.platform, ref.channel) : this.countsAll.get();
    return row ?? { pending: 0, failed: 0, lastDeliveredAt: null };
  }
}

interface CountsRow {
  pending: number;
  failed: number;
  lastDeliveredAt: number | null;
}

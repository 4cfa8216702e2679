import type { ChannelRef } from '../../model/chat.js';
import type { DeliveryError, DeliverySummary } from '../../model/delivery.js';
import type { Sql } from '../sql.js';

interface CountsRow {
  pending: number | null;
  failed: number | null;
  lastDeliveredAt: number | null;
}

const COUNTS = `SELECT
    SUM(CASE WHEN state = 'pending' THEN 1 ELSE 0 END) AS pending,
    SUM(CASE WHEN state IN ('failed', 'expired') THEN 1 ELSE 0 END) AS failed,
    MAX(delivered_at) AS "lastDeliveredAt"
  FROM outbox`;
const LAST_ERROR = `SELECT a.at, o.platform, o.channel, a.outcome, a.detail FROM delivery_attempts a
  JOIN outbox o ON o.id = a.outbox_id WHERE a.outcome != 'delivered'`;

/** Read models of the outbox for `/ree status` and `/ree subscriptions`: "3 pending, last error: …". */
export class DeliveryStatusRepository {
  constructor(private readonly sql: Sql) {}

  /** How many messages wait to be sent, overall or for one channel. */
  async pendingCount(ref?: ChannelRef): Promise<number> {
    return (await this.counts(ref)).pending;
  }

  /** The most recent failed attempt (rate-limited, transient, permanent or expired). */
  async lastError(ref?: ChannelRef): Promise<DeliveryError | null> {
    const row = ref
      ? await this.sql.get<DeliveryError>(
          `${LAST_ERROR} AND o.platform = ? AND o.channel = ? ORDER BY a.at DESC, a.id DESC LIMIT 1`,
          [ref.platform, ref.channel],
        )
      : await this.sql.get<DeliveryError>(`${LAST_ERROR} ORDER BY a.at DESC, a.id DESC LIMIT 1`);
    return row ?? null;
  }

  async summary(ref?: ChannelRef): Promise<DeliverySummary> {
    const counts = await this.counts(ref);
    return { ...counts, lastError: await this.lastError(ref) };
  }

  private async counts(ref?: ChannelRef): Promise<Omit<DeliverySummary, 'lastError'>> {
    const row = ref
      ? await this.sql.get<CountsRow>(`${COUNTS} WHERE platform = ? AND channel = ?`, [
          ref.platform,
          ref.channel,
        ])
      : await this.sql.get<CountsRow>(COUNTS);
    return {
      pending: Number(row?.pending ?? 0),
      failed: Number(row?.failed ?? 0),
      lastDeliveredAt: row?.lastDeliveredAt ?? null,
    };
  }
}

import type { ChannelRef, OutgoingPayload, Platform } from '../../model/chat.js';
import type {
  AttemptOutcome,
  ExpiredMessage,
  NewOutboxMessage,
  OutboxHead,
  OutboxMessage,
  OutboxState,
} from '../../model/delivery.js';
import { placeholders, type Sql } from '../sql.js';
import { chunked } from './chunks.js';

interface OutboxRow {
  id: number;
  idempotency_key: string;
  platform: Platform;
  channel: string;
  payload: string;
  created_at: number;
  not_before: number;
  state: OutboxState;
  attempts: number;
  lease_owner: string | null;
  lease_until: number | null;
  last_error: string | null;
  delivered_at: number | null;
}

const fromRow = (row: OutboxRow): OutboxMessage => ({
  id: Number(row.id),
  idempotencyKey: row.idempotency_key,
  platform: row.platform,
  channel: row.channel,
  payload: JSON.parse(row.payload) as OutgoingPayload,
  createdAt: row.created_at,
  notBefore: row.not_before,
  state: row.state,
  attempts: row.attempts,
  leaseOwner: row.lease_owner,
  leaseUntil: row.lease_until,
  lastError: row.last_error,
  deliveredAt: row.delivered_at,
});

const RECORD_ATTEMPT = 'INSERT INTO delivery_attempts (outbox_id, at, outcome, detail) VALUES (?, ?, ?, ?)';

/**
 * Messages waiting to be posted, written in the same transaction as the alert state and before any
 * network call. A sender claims a row with a lease (one atomic UPDATE … RETURNING), so two processes
 * sharing the database never send the same row; every attempt is recorded for `/ree status`.
 */
export class OutboxRepository {
  constructor(private readonly sql: Sql) {}

  /** Inserts messages (call inside the transaction that records the alert state); returns how many were new. */
  async enqueue(messages: readonly NewOutboxMessage[], at: number): Promise<number> {
    let inserted = 0;
    for (const message of messages)
      inserted += await this.sql.run(
        `INSERT INTO outbox (idempotency_key, platform, channel, payload, created_at, not_before)
         VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (idempotency_key) DO NOTHING`,
        [message.idempotencyKey, message.platform, message.channel, JSON.stringify(message.payload), at, at],
      );
    return inserted;
  }

  /** The head message of every channel with something pending, due or not. */
  async heads(): Promise<OutboxHead[]> {
    const rows = await this.sql.all<{
      id: number;
      platform: Platform;
      channel: string;
      not_before: number;
      lease_until: number | null;
    }>(`
      SELECT o.id, o.platform, o.channel, o.not_before, o.lease_until FROM outbox o
      WHERE o.state = 'pending' AND o.id = (
        SELECT MIN(p.id) FROM outbox p WHERE p.platform = o.platform AND p.channel = o.channel AND p.state = 'pending')
      ORDER BY o.not_before, o.id`);
    return rows.map((row) => ({
      id: Number(row.id),
      platform: row.platform,
      channel: row.channel,
      notBefore: row.not_before,
      leaseUntil: row.lease_until,
    }));
  }

  /** Takes the message for `owner` until `until`, unless it is not due, already leased or no longer pending. */
  async claim(id: number, owner: string, until: number, now: number): Promise<OutboxMessage | undefined> {
    return (await this.claimBatch([id], owner, until, now))[0];
  }

  /**
   * Takes, in one statement, those of `ids` still pending, due and unleased, for `owner` until
   * `until`; the others (sent, or leased by another replica) are left alone. A replica that dies
   * holding a batch delays it by one lease, and at worst its sends in flight go out twice.
   * On PostgreSQL the rows another replica is claiming at this moment are skipped, not waited for.
   */
  async claimBatch(
    ids: readonly number[],
    owner: string,
    until: number,
    now: number,
  ): Promise<OutboxMessage[]> {
    if (ids.length === 0) return [];
    const skipLocked = this.sql.dialect === 'postgres' ? ' FOR UPDATE SKIP LOCKED' : '';
    const rows = await this.sql.all<OutboxRow>(
      `UPDATE outbox SET lease_owner = ?, lease_until = ?, attempts = attempts + 1
       WHERE id IN (
         SELECT id FROM outbox WHERE id IN (${placeholders(ids.length)})
           AND state = 'pending' AND not_before <= ? AND (lease_until IS NULL OR lease_until <= ?)${skipLocked})
       RETURNING *`,
      [owner, until, ...ids, now, now],
    );
    return rows.map(fromRow).sort((a, b) => a.id - b.id);
  }

  markDelivered(id: number, owner: string, at: number, externalId: string | undefined): Promise<boolean> {
    return this.record(id, at, 'delivered', null, (tx) =>
      tx.run(
        `UPDATE outbox SET state = 'delivered', delivered_at = ?, external_id = ?, last_error = NULL,
           lease_owner = NULL, lease_until = NULL
         WHERE id = ? AND state = 'pending' AND lease_owner = ?`,
        [at, externalId ?? null, id, owner],
      ),
    );
  }

  /** One part of the message was delivered; it stays pending, due at once, with `payload` left to send. */
  advance(id: number, owner: string, at: number, payload: OutgoingPayload): Promise<boolean> {
    return this.record(id, at, 'delivered', null, (tx) =>
      tx.run(
        `UPDATE outbox SET payload = ?, not_before = ?, last_error = NULL, lease_owner = NULL, lease_until = NULL
         WHERE id = ? AND state = 'pending' AND lease_owner = ?`,
        [JSON.stringify(payload), at, id, owner],
      ),
    );
  }

  /** Leaves the message pending, not to be tried again before `notBefore`. */
  retryLater(
    id: number,
    owner: string,
    at: number,
    notBefore: number,
    outcome: 'rate-limited' | 'transient',
    error: string,
  ): Promise<boolean> {
    return this.record(id, at, outcome, error, (tx) =>
      tx.run(
        `UPDATE outbox SET not_before = ?, last_error = ?, lease_owner = NULL, lease_until = NULL
         WHERE id = ? AND state = 'pending' AND lease_owner = ?`,
        [notBefore, error, id, owner],
      ),
    );
  }

  markFailed(id: number, owner: string, at: number, error: string): Promise<boolean> {
    return this.record(id, at, 'permanent', error, (tx) =>
      tx.run(
        `UPDATE outbox SET state = 'failed', last_error = ?, lease_owner = NULL, lease_until = NULL
         WHERE id = ? AND state = 'pending' AND lease_owner = ?`,
        [error, id, owner],
      ),
    );
  }

  /** Fails every unleased pending message of a channel without sending it; returns how many. */
  failChannel(ref: ChannelRef, at: number, error: string): Promise<number> {
    return this.sql.transaction(async (tx) => {
      const rows = await tx.all<{ id: number }>(
        `UPDATE outbox SET state = 'failed', last_error = ?
         WHERE platform = ? AND channel = ? AND state = 'pending' AND (lease_until IS NULL OR lease_until <= ?)
         RETURNING id`,
        [error, ref.platform, ref.channel, at],
      );
      for (const row of rows) await tx.run(RECORD_ATTEMPT, [row.id, at, 'permanent', error]);
      return rows.length;
    });
  }

  /** Gives up on unleased messages created before `now - maxAgeMs`; the reason says how long and why. */
  expire(now: number, maxAgeMs: number, maxAgeText: string): Promise<ExpiredMessage[]> {
    return this.sql.transaction(async (tx) => {
      const rows = await tx.all<{
        id: number;
        platform: Platform;
        channel: string;
        attempts: number;
        last_error: string | null;
      }>(
        `UPDATE outbox SET state = 'expired',
           last_error = 'not delivered within ' || ? || ' (' || attempts || ' attempts); last error: ' || COALESCE(last_error, 'none')
         WHERE state = 'pending' AND created_at <= ? AND (lease_until IS NULL OR lease_until <= ?)
         RETURNING id, platform, channel, attempts, last_error`,
        [maxAgeText, now - maxAgeMs, now],
      );
      for (const row of rows) await tx.run(RECORD_ATTEMPT, [row.id, now, 'expired', row.last_error]);
      return rows.map((row) => ({
        id: Number(row.id),
        platform: row.platform,
        channel: row.channel,
        attempts: row.attempts,
        reason: row.last_error ?? '',
      }));
    });
  }

  /**
   * Deletes finished messages (delivered, failed, expired) queued before `before`, with their recorded
   * attempts, a batch per transaction so a writer beside it never waits long. Pending messages stay
   * whatever their age. Safe for dedup: alert state lives in `alerts`, and a digest's key names its cycle.
   */
  async purgeFinished(before: number, batchSize = 1_000): Promise<{ messages: number; attempts: number }> {
    const removed = { messages: 0, attempts: 0 };
    for (;;) {
      const batch = await this.sql.transaction(async (tx) => {
        const ids = (
          await tx.all<{ id: number }>(
            "SELECT id FROM outbox WHERE state != 'pending' AND created_at < ? ORDER BY id LIMIT ?",
            [before, batchSize],
          )
        ).map((row) => Number(row.id));
        const counts = { found: ids.length, messages: 0, attempts: 0 };
        for (const list of chunked(ids)) {
          const marks = placeholders(list.length);
          counts.attempts += await tx.run(
            `DELETE FROM delivery_attempts WHERE outbox_id IN (${marks})`,
            list,
          );
          counts.messages += await tx.run(`DELETE FROM outbox WHERE id IN (${marks})`, list);
        }
        return counts;
      });
      removed.messages += batch.messages;
      removed.attempts += batch.attempts;
      if (batch.found < batchSize) return removed;
    }
  }

  async get(id: number): Promise<OutboxMessage | undefined> {
    const row = await this.sql.get<OutboxRow>('SELECT * FROM outbox WHERE id = ?', [id]);
    return row ? fromRow(row) : undefined;
  }

  /** Applies one state change and records the attempt, atomically; false if the lease was lost. */
  private record(
    id: number,
    at: number,
    outcome: AttemptOutcome,
    detail: string | null,
    change: (tx: Sql) => Promise<number>,
  ): Promise<boolean> {
    return this.sql.transaction(async (tx) => {
      if ((await change(tx)) === 0) return false;
      await tx.run(RECORD_ATTEMPT, [id, at, outcome, detail]);
      return true;
    });
  }
}

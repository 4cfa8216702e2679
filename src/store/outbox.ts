import type { ChannelRef, OutgoingPayload, Platform } from '../model/chat.js';
import type {
  AttemptOutcome,
  ExpiredMessage,
  NewOutboxMessage,
  OutboxHead,
  OutboxMessage,
  OutboxState,
} from '../model/delivery.js';
import type { Db } from './db.js';

interface ExpiredRow {
  id: number;
  platform: Platform;
  channel: string;
  attempts: number;
  last_error: string | null;
}

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
  id: row.id,
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

/**
 * Messages waiting to be posted, written in the same transaction as the alert state and before any
 * network call. A sender claims a row with a lease (one atomic UPDATE … RETURNING), so two processes
 * sharing the database never send the same row; every attempt is recorded for `/ree status`.
 */
export class OutboxStore {
  private readonly insertStatement;
  private readonly headsStatement;
  private readonly claimStatement;
  private readonly deliveredStatement;
  private readonly retryStatement;
  private readonly failStatement;
  private readonly failChannelStatement;
  private readonly expireStatement;
  private readonly attemptStatement;
  private readonly getStatement;
  private readonly finishedBeforeStatement;
  private readonly deleteAttemptsStatement;
  private readonly deleteMessagesStatement;

  constructor(private readonly db: Db) {
    this.insertStatement = db.prepare(`
      INSERT INTO outbox (idempotency_key, platform, channel, payload, created_at, not_before)
      VALUES (@idempotencyKey, @platform, @channel, @payload, @at, @at) ON CONFLICT (idempotency_key) DO NOTHING`);
    this.headsStatement = db.prepare<
      [],
      { id: number; platform: Platform; channel: string; not_before: number; lease_until: number | null }
    >(`
      SELECT o.id, o.platform, o.channel, o.not_before, o.lease_until FROM outbox o
      WHERE o.state = 'pending' AND o.id = (
        SELECT MIN(p.id) FROM outbox p WHERE p.platform = o.platform AND p.channel = o.channel AND p.state = 'pending')
      ORDER BY o.not_before, o.id`);
    this.claimStatement = db.prepare<Record<string, unknown>, OutboxRow>(`
      UPDATE outbox SET lease_owner = @owner, lease_until = @until, attempts = attempts + 1
      WHERE id = @id AND state = 'pending' AND not_before <= @now AND (lease_until IS NULL OR lease_until <= @now)
      RETURNING *`);
    this.deliveredStatement = db.prepare(`
      UPDATE outbox SET state = 'delivered', delivered_at = @at, external_id = @externalId, last_error = NULL,
        lease_owner = NULL, lease_until = NULL
      WHERE id = @id AND state = 'pending' AND lease_owner = @owner`);
    this.retryStatement = db.prepare(`
      UPDATE outbox SET not_before = @notBefore, last_error = @error, lease_owner = NULL, lease_until = NULL
      WHERE id = @id AND state = 'pending' AND lease_owner = @owner`);
    this.failStatement = db.prepare(`
      UPDATE outbox SET state = 'failed', last_error = @error, lease_owner = NULL, lease_until = NULL
      WHERE id = @id AND state = 'pending' AND lease_owner = @owner`);
    this.failChannelStatement = db.prepare<Record<string, unknown>, { id: number }>(`
      UPDATE outbox SET state = 'failed', last_error = @error
      WHERE platform = @platform AND channel = @channel AND state = 'pending' AND (lease_until IS NULL OR lease_until <= @at)
      RETURNING id`);
    this.expireStatement = db.prepare<Record<string, unknown>, ExpiredRow>(`
      UPDATE outbox SET state = 'expired',
        last_error = 'not delivered within ' || @maxAge || ' (' || attempts || ' attempts); last error: ' || COALESCE(last_error, 'none')
      WHERE state = 'pending' AND created_at <= @cutoff AND (lease_until IS NULL OR lease_until <= @now)
      RETURNING id, platform, channel, attempts, last_error`);
    this.attemptStatement = db.prepare(
      'INSERT INTO delivery_attempts (outbox_id, at, outcome, detail) VALUES (?, ?, ?, ?)',
    );
    this.getStatement = db.prepare<[number], OutboxRow>('SELECT * FROM outbox WHERE id = ?');
    this.finishedBeforeStatement = db.prepare<[number, number], { id: number }>(
      "SELECT id FROM outbox WHERE state != 'pending' AND created_at < ? ORDER BY id LIMIT ?",
    );
    this.deleteAttemptsStatement = db.prepare(
      'DELETE FROM delivery_attempts WHERE outbox_id IN (SELECT value FROM json_each(?))',
    );
    this.deleteMessagesStatement = db.prepare(
      'DELETE FROM outbox WHERE id IN (SELECT value FROM json_each(?))',
    );
  }

  /** Inserts messages (call inside the transaction that records the alert state); returns how many were new. */
  enqueue(messages: readonly NewOutboxMessage[], at: number): number {
    let inserted = 0;
    for (const message of messages) {
      inserted += this.insertStatement.run({
        idempotencyKey: message.idempotencyKey,
        platform: message.platform,
        channel: message.channel,
        payload: JSON.stringify(message.payload),
        at,
      }).changes;
    }
    return inserted;
  }

  /** The head message of every channel with something pending, due or not. */
  heads(): OutboxHead[] {
    return this.headsStatement.all().map((row) => ({
      id: row.id,
      platform: row.platform,
      channel: row.channel,
      notBefore: row.not_before,
      leaseUntil: row.lease_until,
    }));
  }

  /** Takes the message for `owner` until `until`, unless it is not due, already leased or no longer pending. */
  claim(id: number, owner: string, until: number, now: number): OutboxMessage | undefined {
    const row = this.claimStatement.get({ id, owner, until, now });
    return row ? fromRow(row) : undefined;
  }

  markDelivered(id: number, owner: string, at: number, externalId: string | undefined): boolean {
    return this.record(id, at, 'delivered', null, () =>
      this.deliveredStatement.run({ id, owner, at, externalId: externalId ?? null }),
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
  ): boolean {
    return this.record(id, at, outcome, error, () =>
      this.retryStatement.run({ id, owner, notBefore, error }),
    );
  }

  markFailed(id: number, owner: string, at: number, error: string): boolean {
    return this.record(id, at, 'permanent', error, () => this.failStatement.run({ id, owner, error }));
  }

  /** Fails every unleased pending message of a channel without sending it; returns how many. */
  failChannel(ref: ChannelRef, at: number, error: string): number {
    return this.db.transaction(() => {
      const rows = this.failChannelStatement.all({ platform: ref.platform, channel: ref.channel, at, error });
      for (const row of rows) this.attemptStatement.run(row.id, at, 'permanent', error);
      return rows.length;
    })();
  }

  /** Gives up on unleased messages created before `now - maxAgeMs`; the reason says how long and why. */
  expire(now: number, maxAgeMs: number, maxAgeText: string): ExpiredMessage[] {
    return this.db.transaction(() => {
      const rows = this.expireStatement.all({ now, cutoff: now - maxAgeMs, maxAge: maxAgeText });
      for (const row of rows) this.attemptStatement.run(row.id, now, 'expired', row.last_error);
      return rows.map((row) => ({
        id: row.id,
        platform: row.platform,
        channel: row.channel,
        attempts: row.attempts,
        reason: row.last_error ?? '',
      }));
    })();
  }

  /**
   * Deletes finished messages (delivered, failed, expired) queued before `before`, with their recorded
   * attempts, a batch per transaction so a writer beside it never waits long. Pending messages stay
   * whatever their age. Safe for dedup: alert state lives in `alerts`, and a digest's key names its cycle.
   */
  purgeFinished(before: number, batchSize = 1_000): { messages: number; attempts: number } {
    const removed = { messages: 0, attempts: 0 };
    const batch = this.db.transaction(() => {
      const ids = this.finishedBeforeStatement.all(before, batchSize).map((row) => row.id);
      if (ids.length === 0) return 0;
      const list = JSON.stringify(ids);
      removed.attempts += this.deleteAttemptsStatement.run(list).changes;
      removed.messages += this.deleteMessagesStatement.run(list).changes;
      return ids.length;
    });
    let deleted: number;
    do deleted = batch.immediate();
    while (deleted === batchSize);
    return removed;
  }

  get(id: number): OutboxMessage | undefined {
    const row = this.getStatement.get(id);
    return row ? fromRow(row) : undefined;
  }

  /** Applies one state change and records the attempt, atomically; false if the lease was lost. */
  private record(
    id: number,
    at: number,
    outcome: AttemptOutcome,
    detail: string | null,
    change: () => { changes: number },
  ): boolean {
    return this.db.transaction(() => {
      if (change().changes === 0) return false;
      this.attemptStatement.run(id, at, outcome, detail);
      return true;
    })();
  }
}

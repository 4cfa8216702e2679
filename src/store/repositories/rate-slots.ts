import type { Sql } from '../sql.js';

/** One limited scope: a send in it takes the next free slot, `intervalMs` after the one before. */
export interface RateSlot {
  scope: string;
  intervalMs: number;
}

/**
 * The posting limits every replica on the database shares (table rate_slots). Each scope keeps the
 * earliest moment its next send may go (`next_at`) and a pause from a 429 (`blocked_until`).
 */
export class RateSlotRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * Takes the next slot of every scope for one send, in one statement, and returns when that send may
   * go: the latest of `now`, each scope's slot and each scope's pause. The row locks of the upsert
   * order concurrent replicas, so two sends never get the same slot of a scope.
   */
  async reserve(slots: readonly RateSlot[], now: number): Promise<number> {
    if (slots.length === 0) return now;
    // Rows are locked in scope order by every replica, so two upserts never wait on each other in a circle.
    const sorted = [...slots].sort((a, b) => (a.scope < b.scope ? -1 : a.scope > b.scope ? 1 : 0));
    const greatest = this.sql.dialect === 'postgres' ? 'GREATEST' : 'MAX';
    const rows = await this.sql.all<{ at: number | string }>(
      `INSERT INTO rate_slots (scope, interval_ms, next_at) VALUES ${sorted.map(() => '(?, ?, ?)').join(', ')}
       ON CONFLICT (scope) DO UPDATE SET interval_ms = excluded.interval_ms,
         next_at = ${greatest}(rate_slots.next_at, excluded.next_at - excluded.interval_ms, rate_slots.blocked_until)
           + excluded.interval_ms
       RETURNING ${greatest}(next_at - interval_ms, blocked_until) AS at`,
      sorted.flatMap((slot) => [slot.scope, slot.intervalMs, now + slot.intervalMs]),
    );
    return Math.max(now, ...rows.map((row) => Number(row.at)));
  }

  /** No send in these scopes before `until` (a 429's Retry-After), on any replica. */
  async block(scopes: readonly string[], until: number): Promise<void> {
    if (scopes.length === 0) return;
    const sorted = [...scopes].sort();
    const greatest = this.sql.dialect === 'postgres' ? 'GREATEST' : 'MAX';
    await this.sql.run(
      `INSERT INTO rate_slots (scope, interval_ms, next_at, blocked_until) VALUES ${sorted.map(() => '(?, 0, 0, ?)').join(', ')}
       ON CONFLICT (scope) DO UPDATE SET blocked_until = ${greatest}(rate_slots.blocked_until, excluded.blocked_until)`,
      sorted.flatMap((scope) => [scope, until]),
    );
  }
}

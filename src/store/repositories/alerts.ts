import {
  type AlertCandidate,
  type AlertDetail,
  type AlertSeverity,
  detailOf,
  type StoredAlert,
} from '../../model/alert.js';
import { placeholders, type Sql } from '../sql.js';
import { chunked } from './chunks.js';

interface AlertRow {
  dedup_key: string;
  watchlist: string;
  rule: string;
  subject: string;
  period: string | null;
  state: StoredAlert['state'];
  severity: AlertSeverity;
  detail: string;
  first_seen_at: number;
  last_seen_at: number;
  last_notified_at: number | null;
  resolved_at: number | null;
}

const fromRow = (row: AlertRow): StoredAlert => ({
  dedupKey: row.dedup_key,
  watchlist: row.watchlist,
  rule: row.rule,
  subject: row.subject,
  period: row.period,
  state: row.state,
  severity: row.severity,
  detail: JSON.parse(row.detail) as AlertDetail,
  firstSeenAt: row.first_seen_at,
  lastSeenAt: row.last_seen_at,
  lastNotifiedAt: row.last_notified_at,
  resolvedAt: row.resolved_at,
});

/**
 * The lifecycle record of every alert, keyed by dedup key. A condition is `firing` until it clears;
 * an event (notice, revision) is stored already resolved, so it can never fire twice.
 */
export class AlertRepository {
  constructor(private readonly sql: Sql) {}

  async get(dedupKey: string): Promise<StoredAlert | undefined> {
    const row = await this.sql.get<AlertRow>('SELECT * FROM alerts WHERE dedup_key = ?', [dedupKey]);
    return row ? fromRow(row) : undefined;
  }

  /** The stored alerts of these dedup keys (the keys never stored are absent). */
  async getMany(dedupKeys: readonly string[]): Promise<Map<string, StoredAlert>> {
    const found = new Map<string, StoredAlert>();
    for (const keys of chunked(dedupKeys))
      for (const row of await this.sql.all<AlertRow>(
        `SELECT * FROM alerts WHERE dedup_key IN (${placeholders(keys.length)})`,
        keys,
      ))
        found.set(row.dedup_key, fromRow(row));
    return found;
  }

  /** Alerts whose condition still holds; for one watchlist, or all of them. What `/ree status` lists. */
  async active(watchlist?: string): Promise<StoredAlert[]> {
    const rows =
      watchlist === undefined
        ? await this.sql.all<AlertRow>(
            "SELECT * FROM alerts WHERE state = 'firing' ORDER BY watchlist, first_seen_at, dedup_key",
          )
        : await this.sql.all<AlertRow>(
            "SELECT * FROM alerts WHERE state = 'firing' AND watchlist = ? ORDER BY first_seen_at, dedup_key",
            [watchlist],
          );
    return rows.map(fromRow);
  }

  /** A watchlist's alerts, firing or not, newest first: what `/ree history` and `/ree chart` mark. */
  async recent(watchlist: string, limit = 50): Promise<StoredAlert[]> {
    const rows = await this.sql.all<AlertRow>(
      'SELECT * FROM alerts WHERE watchlist = ? ORDER BY first_seen_at DESC, dedup_key LIMIT ?',
      [watchlist, limit],
    );
    return rows.map(fromRow);
  }

  /** How many alerts are active per watchlist (watchlists with none are absent). */
  async activeCounts(): Promise<Map<string, number>> {
    const rows = await this.sql.all<{ watchlist: string; firing: number }>(
      "SELECT watchlist, COUNT(*) AS firing FROM alerts WHERE state = 'firing' GROUP BY watchlist",
    );
    return new Map(rows.map((row) => [row.watchlist, Number(row.firing)]));
  }

  /**
   * A new alert, or one firing again after it resolved; `notified` when a channel was told of it.
   * Events are stored resolved at once.
   */
  async recordFiring(candidate: AlertCandidate, at: number, notified = true): Promise<void> {
    const event = candidate.kind === 'event';
    const state = event ? 'resolved' : 'firing';
    const detail = JSON.stringify(detailOf(candidate));
    const notifiedAt = notified ? at : null;
    const resolvedAt = event ? at : null;
    await this.sql.run(
      `INSERT INTO alerts (dedup_key, watchlist, rule, subject, period, state, severity, detail, first_seen_at,
         last_seen_at, last_notified_at, resolved_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (dedup_key) DO UPDATE SET state = excluded.state, severity = excluded.severity,
         detail = excluded.detail, last_seen_at = excluded.last_seen_at,
         last_notified_at = excluded.last_notified_at, resolved_at = excluded.resolved_at`,
      [
        candidate.dedupKey,
        candidate.watchlistId,
        candidate.rule,
        candidate.subject,
        candidate.period,
        state,
        candidate.severity,
        detail,
        at,
        at,
        notifiedAt,
        resolvedAt,
      ],
    );
  }

  /** Still firing: refresh what it says; `notified` when its series was told again. */
  async recordStillFiring(candidate: AlertCandidate, at: number, notified: boolean): Promise<void> {
    await this.sql.run(
      `UPDATE alerts SET detail = ?, severity = ?, last_seen_at = ?,
         last_notified_at = CASE WHEN ? THEN ? ELSE last_notified_at END
       WHERE dedup_key = ?`,
      [JSON.stringify(detailOf(candidate)), candidate.severity, at, notified, at, candidate.dedupKey],
    );
  }

  /** Resolved (told) or closed (silently); the detail says which and why. */
  async recordResolved(
    alert: StoredAlert,
    detail: AlertDetail,
    at: number,
    notified: boolean,
  ): Promise<void> {
    await this.sql.run(
      `UPDATE alerts SET state = 'resolved', resolved_at = ?, detail = ?,
         last_notified_at = CASE WHEN ? THEN ? ELSE last_notified_at END
       WHERE dedup_key = ? AND state = 'firing'`,
      [at, JSON.stringify(detail), notified, at, alert.dedupKey],
    );
  }
}

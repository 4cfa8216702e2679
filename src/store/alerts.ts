import {
  type AlertCandidate,
  type AlertDetail,
  type AlertSeverity,
  detailOf,
  type StoredAlert,
} from '../model/alert.js';
import type { Db } from './db.js';

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
export class AlertStore {
  private readonly getStatement;
  private readonly firingStatement;
  private readonly firingByWatchlist;
  private readonly countsStatement;
  private readonly upsertStatement;
  private readonly seenStatement;
  private readonly resolveStatement;
  private readonly recentStatement;

  constructor(db: Db) {
    this.getStatement = db.prepare<[string], AlertRow>('SELECT * FROM alerts WHERE dedup_key = ?');
    this.firingStatement = db.prepare<[], AlertRow>(
      "SELECT * FROM alerts WHERE state = 'firing' ORDER BY watchlist, first_seen_at, dedup_key",
    );
    this.firingByWatchlist = db.prepare<[string], AlertRow>(
      "SELECT * FROM alerts WHERE state = 'firing' AND watchlist = ? ORDER BY first_seen_at, dedup_key",
    );
    this.countsStatement = db.prepare<[], { watchlist: string; firing: number }>(
      "SELECT watchlist, COUNT(*) AS firing FROM alerts WHERE state = 'firing' GROUP BY watchlist",
    );
    this.upsertStatement = db.prepare(`
      INSERT INTO alerts (dedup_key, watchlist, rule, subject, period, state, severity, detail, first_seen_at,
        last_seen_at, last_notified_at, resolved_at)
      VALUES (@dedupKey, @watchlist, @rule, @subject, @period, @state, @severity, @detail, @at, @at, @notifiedAt,
        @resolvedAt)
      ON CONFLICT (dedup_key) DO UPDATE SET state = @state, severity = @severity, detail = @detail,
        last_seen_at = @at, last_notified_at = @notifiedAt, resolved_at = @resolvedAt`);
    this.seenStatement = db.prepare(`
      UPDATE alerts SET detail = @detail, severity = @severity, last_seen_at = @at,
        last_notified_at = CASE WHEN @notified THEN @at ELSE last_notified_at END
      WHERE dedup_key = @dedupKey`);
    this.recentStatement = db.prepare<[string, number], AlertRow>(
      'SELECT * FROM alerts WHERE watchlist = ? ORDER BY first_seen_at DESC, dedup_key LIMIT ?',
    );
    this.resolveStatement = db.prepare(`
      UPDATE alerts SET state = 'resolved', resolved_at = @at, detail = @detail,
        last_notified_at = CASE WHEN @notified THEN @at ELSE last_notified_at END
      WHERE dedup_key = @dedupKey AND state = 'firing'`);
  }

  get(dedupKey: string): StoredAlert | undefined {
    const row = this.getStatement.get(dedupKey);
    return row ? fromRow(row) : undefined;
  }

  /** Alerts whose condition still holds; for one watchlist, or all of them. What `/ree status` lists. */
  active(watchlist?: string): StoredAlert[] {
    const rows = watchlist === undefined ? this.firingStatement.all() : this.firingByWatchlist.all(watchlist);
    return rows.map(fromRow);
  }

  /** A watchlist's alerts, firing or not, newest first: what `/ree history` and `/ree chart` mark. */
  recent(watchlist: string, limit = 50): StoredAlert[] {
    return this.recentStatement.all(watchlist, limit).map(fromRow);
  }

  /** How many alerts are active per watchlist (watchlists with none are absent). */
  activeCounts(): Map<string, number> {
    return new Map(this.countsStatement.all().map((row) => [row.watchlist, row.firing]));
  }

  /**
   * A new alert, or one firing again after it resolved; `notified` when a channel was told of it.
   * Events are stored resolved at once.
   */
  recordFiring(candidate: AlertCandidate, at: number, notified = true): void {
    const event = candidate.kind === 'event';
    this.upsertStatement.run({
      dedupKey: candidate.dedupKey,
      watchlist: candidate.watchlistId,
      rule: candidate.rule,
      subject: candidate.subject,
      period: candidate.period,
      state: event ? 'resolved' : 'firing',
      severity: candidate.severity,
      detail: JSON.stringify(detailOf(candidate)),
      at,
      notifiedAt: notified ? at : null,
      resolvedAt: event ? at : null,
    });
  }

  /** Still firing: refresh what it says; `notified` when its series was told again. */
  recordStillFiring(candidate: AlertCandidate, at: number, notified: boolean): void {
    this.seenStatement.run({
      dedupKey: candidate.dedupKey,
      detail: JSON.stringify(detailOf(candidate)),
      severity: candidate.severity,
      at,
      notified: notified ? 1 : 0,
    });
  }

  /** Resolved (told) or closed (silently); the detail says which and why. */
  recordResolved(alert: StoredAlert, detail: AlertDetail, at: number, notified: boolean): void {
    this.resolveStatement.run({
      dedupKey: alert.dedupKey,
      detail: JSON.stringify(detail),
      at,
      notified: notified ? 1 : 0,
    });
  }
}

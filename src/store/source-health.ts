import type { SourceHealth } from '../model/source.js';
import type { Db } from './db.js';

interface SourceHealthRow {
  source: string;
  healthy: number;
  last_attempt_at: number | null;
  last_success_at: number | null;
  last_error_at: number | null;
  last_error: string | null;
  consecutive_failures: number;
  next_attempt_at: number | null;
  last_stored: number | null;
}

const fromRow = (row: SourceHealthRow): SourceHealth => ({
  source: row.source,
  healthy: row.healthy === 1,
  lastAttemptAt: row.last_attempt_at,
  lastSuccessAt: row.last_success_at,
  lastErrorAt: row.last_error_at,
  lastError: row.last_error,
  consecutiveFailures: row.consecutive_failures,
  nextAttemptAt: row.next_attempt_at,
  lastStored: row.last_stored,
});

/** The health record of each source: what `/healthz` and `/ree status` report. */
export class SourceHealthStore {
  private readonly successStatement;
  private readonly failureStatement;
  private readonly listStatement;
  private readonly getStatement;

  constructor(db: Db) {
    this.successStatement = db.prepare(`
      INSERT INTO source_health (source, healthy, last_attempt_at, last_success_at, consecutive_failures, next_attempt_at, last_stored)
      VALUES (@source, 1, @at, @at, 0, @nextAttemptAt, @stored)
      ON CONFLICT (source) DO UPDATE SET healthy = 1, last_attempt_at = @at, last_success_at = @at,
        consecutive_failures = 0, next_attempt_at = @nextAttemptAt, last_stored = @stored`);
    this.failureStatement = db.prepare(`
      INSERT INTO source_health (source, healthy, last_attempt_at, last_error_at, last_error, consecutive_failures, next_attempt_at)
      VALUES (@source, 0, @at, @at, @error, 1, @nextAttemptAt)
      ON CONFLICT (source) DO UPDATE SET healthy = 0, last_attempt_at = @at, last_error_at = @at, last_error = @error,
        consecutive_failures = consecutive_failures + 1, next_attempt_at = @nextAttemptAt`);
    this.listStatement = db.prepare('SELECT * FROM source_health ORDER BY source');
    this.getStatement = db.prepare('SELECT * FROM source_health WHERE source = ?');
  }

  recordSuccess(source: string, at: number, stored: number, nextAttemptAt: number | null = null): void {
    this.successStatement.run({ source, at, stored, nextAttemptAt });
  }

  recordFailure(source: string, at: number, error: string, nextAttemptAt: number | null = null): void {
    this.failureStatement.run({ source, at, error, nextAttemptAt });
  }

  /** Whether a scheduled poll should try the source now: false while it backs off after failures. */
  isDue(source: string, now: number): boolean {
    const health = this.get(source);
    return health?.nextAttemptAt == null || health.nextAttemptAt <= now;
  }

  get(source: string): SourceHealth | undefined {
    const row = this.getStatement.get(source) as SourceHealthRow | undefined;
    return row ? fromRow(row) : undefined;
  }

  list(): SourceHealth[] {
    return (this.listStatement.all() as SourceHealthRow[]).map(fromRow);
  }
}

import type { SourceHealth } from '../../model/source.js';
import type { Sql } from '../sql.js';

interface SourceHealthRow {
  source: string;
  healthy: number | boolean;
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
  healthy: Boolean(row.healthy),
  lastAttemptAt: row.last_attempt_at,
  lastSuccessAt: row.last_success_at,
  lastErrorAt: row.last_error_at,
  lastError: row.last_error,
  consecutiveFailures: row.consecutive_failures,
  nextAttemptAt: row.next_attempt_at,
  lastStored: row.last_stored,
});

/** The health record of each source: what `/healthz` and `/ree status` report. */
export class SourceHealthRepository {
  constructor(private readonly sql: Sql) {}

  async recordSuccess(
    source: string,
    at: number,
    stored: number,
    nextAttemptAt: number | null = null,
  ): Promise<void> {
    await this.sql.run(
      `INSERT INTO source_health (source, healthy, last_attempt_at, last_success_at, consecutive_failures, next_attempt_at, last_stored)
       VALUES (?, ?, ?, ?, 0, ?, ?)
       ON CONFLICT (source) DO UPDATE SET healthy = excluded.healthy, last_attempt_at = excluded.last_attempt_at,
         last_success_at = excluded.last_success_at, consecutive_failures = 0,
         next_attempt_at = excluded.next_attempt_at, last_stored = excluded.last_stored`,
      [source, true, at, at, nextAttemptAt, stored],
    );
  }

  async recordFailure(
    source: string,
    at: number,
    error: string,
    nextAttemptAt: number | null = null,
  ): Promise<void> {
    await this.sql.run(
      `INSERT INTO source_health (source, healthy, last_attempt_at, last_error_at, last_error, consecutive_failures, next_attempt_at)
       VALUES (?, ?, ?, ?, ?, 1, ?)
       ON CONFLICT (source) DO UPDATE SET healthy = excluded.healthy, last_attempt_at = excluded.last_attempt_at,
         last_error_at = excluded.last_error_at, last_error = excluded.last_error,
         consecutive_failures = source_health.consecutive_failures + 1, next_attempt_at = excluded.next_attempt_at`,
      [source, false, at, at, error, nextAttemptAt],
    );
  }

  /** Whether a scheduled poll should try the source now: false while it backs off after failures. */
  async get(source: string): Promise<SourceHealth | undefined> {
    const row = await this.sql.get<SourceHealthRow>('SELECT * FROM source_health WHERE source = ?', [source]);
    return row ? fromRow(row) : undefined;
  }

  async list(): Promise<SourceHealth[]> {
    return (await this.sql.all<SourceHealthRow>('SELECT * FROM source_health ORDER BY source')).map(fromRow);
  }
}

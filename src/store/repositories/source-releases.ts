import type { Sql, SqlValue } from '../sql.js';
import { chunked } from './chunks.js';

/**
 * The dataset release each request last stored per period (e.g. Comtrade's lastReleased and
 * checksum), so a poll can skip periods whose data was not republished.
 */
export class SourceReleaseRepository {
  constructor(private readonly sql: Sql) {}

  /** period → release marker last stored for this request. */
  async forRequest(requestKey: string): Promise<Map<string, string>> {
    const rows = await this.sql.all<{ period: string; release: string }>(
      'SELECT period, release FROM source_releases WHERE request_key = ?',
      [requestKey],
    );
    return new Map(rows.map((row) => [row.period, row.release]));
  }

  /** Every period's marker of one request, in one statement per 500 periods. */
  async record(requestKey: string, releases: ReadonlyMap<string, string>, at: number): Promise<void> {
    for (const rows of chunked([...releases])) {
      const values: SqlValue[] = rows.flatMap(([period, release]) => [requestKey, period, release, at]);
      await this.sql.run(
        `INSERT INTO source_releases (request_key, period, release, checked_at)
         VALUES ${rows.map(() => '(?, ?, ?, ?)').join(', ')}
         ON CONFLICT (request_key, period) DO UPDATE SET release = excluded.release, checked_at = excluded.checked_at`,
        values,
      );
    }
  }
}

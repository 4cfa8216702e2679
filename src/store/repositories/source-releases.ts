import type { RowsInsert, Sql, SqlValue } from '../sql.js';

const PUT_RELEASE: RowsInsert = {
  table: 'source_releases',
  columns: ['request_key', 'period', 'release', 'checked_at'],
  onConflict:
    'ON CONFLICT (request_key, period) DO UPDATE SET release = excluded.release, checked_at = excluded.checked_at',
};

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

  /** Every period's marker of one request. */
  async record(requestKey: string, releases: ReadonlyMap<string, string>, at: number): Promise<void> {
    const rows: SqlValue[][] = [];
    for (const [period, release] of releases) rows.push([requestKey, period, release, at]);
    await this.sql.insertRows(PUT_RELEASE, rows);
  }
}

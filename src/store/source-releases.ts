import type { Db } from './db.js';

/**
 * The dataset release each request last stored per period (e.g. Comtrade's lastReleased and
 * checksum), so a poll can skip periods whose data was not republished.
 */
export class SourceReleaseStore {
  private readonly listStatement;
  private readonly putStatement;

  constructor(db: Db) {
    this.listStatement = db.prepare<[string], { period: string; release: string }>(
      'SELECT period, release FROM source_releases WHERE request_key = ?',
    );
    // One statement for all the periods of a request (`WHERE true` lets SQLite parse the upsert clause).
    this.putStatement = db.prepare<[string, number, string]>(
      `INSERT INTO source_releases (request_key, period, release, checked_at)
       SELECT ?, key, value, ? FROM json_each(?) WHERE true
       ON CONFLICT (request_key, period) DO UPDATE SET release = excluded.release, checked_at = excluded.checked_at`,
    );
  }

  /** period → release marker last stored for this request. */
  forRequest(requestKey: string): Map<string, string> {
    return new Map(this.listStatement.all(requestKey).map((row) => [row.period, row.release]));
  }

  record(requestKey: string, releases: ReadonlyMap<string, string>, at: number): void {
    this.putStatement.run(requestKey, at, JSON.stringify(Object.fromEntries(releases)));
  }
}

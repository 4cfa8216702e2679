import type { Db } from './db.js';

const DAY_MS = 86_400_000;

/** Every request made per host over the last day, so budgets hold across restarts and CLI runs. */
export class HttpRequestLog {
  private readonly countStatement;
  private readonly oldestStatement;
  private readonly insertStatement;
  private readonly pruneStatement;
  private lastPrune = 0;

  constructor(db: Db) {
    this.countStatement = db.prepare<[string, number], { n: number }>(
      'SELECT COUNT(*) AS n FROM http_requests WHERE host = ? AND at > ?',
    );
    this.oldestStatement = db.prepare<[string, number], { at: number | null }>(
      'SELECT MIN(at) AS at FROM http_requests WHERE host = ? AND at > ?',
    );
    this.insertStatement = db.prepare('INSERT INTO http_requests (host, at) VALUES (?, ?)');
    this.pruneStatement = db.prepare('DELETE FROM http_requests WHERE at <= ?');
  }

  /** Requests to `host` made after `since`. */
  count(host: string, since: number): number {
    return this.countStatement.get(host, since)?.n ?? 0;
  }

  /** When the oldest request to `host` after `since` was made. */
  oldest(host: string, since: number): number | null {
    return this.oldestStatement.get(host, since)?.at ?? null;
  }

  record(host: string, at: number): void {
    this.insertStatement.run(host, at);
    if (at - this.lastPrune > 3_600_000) {
      this.pruneStatement.run(at - DAY_MS);
      this.lastPrune = at;
    }
  }
}

import type { LoggedRequest } from '../model/source.js';
import { DAY_MS } from '../model/time.js';
import type { Db } from './db.js';

/** Every request made per host over the last day, so budgets hold across restarts and CLI runs. */
export class HttpRequestLog {
  private readonly recentStatement;
  private readonly newerStatement;
  private readonly insertStatement;
  private readonly pruneStatement;
  private lastPrune = 0;

  constructor(db: Db) {
    this.recentStatement = db.prepare<[string, number], LoggedRequest>(
      'SELECT rowid AS id, at FROM http_requests WHERE host = ? AND at > ? ORDER BY rowid',
    );
    // `+host` keeps SQLite on the rowid range: only rows added since `id` are read, however many the day holds.
    this.newerStatement = db.prepare<[number, string], LoggedRequest>(
      'SELECT rowid AS id, at FROM http_requests WHERE rowid > ? AND +host = ? ORDER BY rowid',
    );
    this.insertStatement = db.prepare('INSERT INTO http_requests (host, at) VALUES (?, ?)');
    this.pruneStatement = db.prepare('DELETE FROM http_requests WHERE at <= ?');
  }

  /** Requests to `host` made after `since`, in the order they were logged. */
  recent(host: string, since: number): LoggedRequest[] {
    return this.recentStatement.all(host, since);
  }

  /** Requests to `host` logged after the one with id `afterId` (by this process or another). */
  newer(host: string, afterId: number): LoggedRequest[] {
    return this.newerStatement.all(afterId, host);
  }

  record(host: string, at: number): void {
    this.insertStatement.run(host, at);
    if (at - this.lastPrune > 3_600_000) {
      this.pruneStatement.run(at - DAY_MS);
      this.lastPrune = at;
    }
  }
}

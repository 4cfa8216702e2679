import type { LoggedRequest } from '../../model/source.js';
import { DAY_MS, HOUR_MS } from '../../model/time.js';
import type { Sql } from '../sql.js';

/** When the request log was last pruned, shared by every repository of one storage. */
export interface PruneMark {
  at: number;
}

/** Every request made per host over the last day, so budgets hold across restarts and CLI runs. */
export class HttpRequestRepository {
  constructor(
    private readonly sql: Sql,
    private readonly pruned: PruneMark,
  ) {}

  /** Requests to `host` made after `since`, in the order they were logged. */
  recent(host: string, since: number): Promise<LoggedRequest[]> {
    return this.sql.all<LoggedRequest>(
      'SELECT id, at FROM http_requests WHERE host = ? AND at > ? ORDER BY id',
      [host, since],
    );
  }

  /** Requests to `host` logged after the one with id `afterId` (by this process or another). */
  newer(host: string, afterId: number): Promise<LoggedRequest[]> {
    // SQLite would take the (host, at) index and read the host's whole day; `+host` keeps it on the
    // id range, so only the rows added since `afterId` are read. Other databases plan this well as is.
    const hostTerm = this.sql.dialect === 'sqlite' ? '+host' : 'host';
    return this.sql.all<LoggedRequest>(
      `SELECT id, at FROM http_requests WHERE id > ? AND ${hostTerm} = ? ORDER BY id`,
      [afterId, host],
    );
  }

  async record(host: string, at: number): Promise<void> {
    await this.sql.run('INSERT INTO http_requests (host, at) VALUES (?, ?)', [host, at]);
    if (at - this.pruned.at > HOUR_MS) {
      this.pruned.at = at;
      await this.sql.run('DELETE FROM http_requests WHERE at <= ?', [at - DAY_MS]);
    }
  }
}

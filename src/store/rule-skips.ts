import type { RuleSkip } from '../model/alert.js';
import type { Db } from './db.js';

/**
 * Why rules could not be evaluated at the last evaluation (missing month, zero baseline, suppressed
 * value, unit change, no data). Replaced per watchlist each cycle, so it always shows the present.
 */
export class RuleSkipStore {
  private readonly deleteStatement;
  private readonly insertStatement;
  private readonly allStatement;
  private readonly byWatchlist;

  constructor(private readonly db: Db) {
    this.deleteStatement = db.prepare('DELETE FROM rule_skips WHERE watchlist = ?');
    this.insertStatement = db.prepare(
      'INSERT OR REPLACE INTO rule_skips (watchlist, rule, subject, period, reason, at) VALUES (@watchlist, @rule, @subject, @period, @reason, @at)',
    );
    this.allStatement = db.prepare<[], RuleSkip>(
      'SELECT * FROM rule_skips ORDER BY watchlist, rule, subject',
    );
    this.byWatchlist = db.prepare<[string], RuleSkip>(
      'SELECT * FROM rule_skips WHERE watchlist = ? ORDER BY rule, subject',
    );
  }

  /** Replaces the skips of the given watchlists with this evaluation's. */
  replace(watchlists: readonly string[], skips: readonly Omit<RuleSkip, 'at'>[], at: number): void {
    this.db.transaction(() => {
      for (const watchlist of watchlists) this.deleteStatement.run(watchlist);
      for (const skip of skips) this.insertStatement.run({ ...skip, at });
    })();
  }

  list(watchlist?: string): RuleSkip[] {
    return watchlist === undefined ? this.allStatement.all() : this.byWatchlist.all(watchlist);
  }
}

import type { RuleSkip } from '../../model/alert.js';
import { placeholders, type Sql } from '../sql.js';
import { chunked } from './chunks.js';

/**
 * Why rules could not be evaluated at the last evaluation (missing month, zero baseline, suppressed
 * value, unit change, no data). Replaced per watchlist each cycle, so it always shows the present.
 */
export class RuleSkipRepository {
  constructor(private readonly sql: Sql) {}

  /** Replaces the skips of the given watchlists with this evaluation's. */
  async replace(
    watchlists: readonly string[],
    skips: readonly Omit<RuleSkip, 'at'>[],
    at: number,
  ): Promise<void> {
    await this.sql.transaction(async (tx) => {
      for (const list of chunked(watchlists))
        await tx.run(`DELETE FROM rule_skips WHERE watchlist IN (${placeholders(list.length)})`, list);
      for (const skip of skips)
        await tx.run(
          `INSERT INTO rule_skips (watchlist, rule, subject, period, reason, at) VALUES (?, ?, ?, ?, ?, ?)
           ON CONFLICT (watchlist, rule, subject) DO UPDATE SET period = excluded.period, reason = excluded.reason,
             at = excluded.at`,
          [skip.watchlist, skip.rule, skip.subject, skip.period, skip.reason, at],
        );
    });
  }

  list(watchlist?: string): Promise<RuleSkip[]> {
    return watchlist === undefined
      ? this.sql.all<RuleSkip>('SELECT * FROM rule_skips ORDER BY watchlist, rule, subject')
      : this.sql.all<RuleSkip>('SELECT * FROM rule_skips WHERE watchlist = ? ORDER BY rule, subject', [
          watchlist,
        ]);
  }
}

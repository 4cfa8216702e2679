import { type SeriesState, seriesStateKey } from '../model/alert.js';
import type { Db } from './db.js';

interface Row {
  watchlist: string;
  subject: string;
  period: string | null;
  told_period: string | null;
  told_value: number | null;
  told_at: number | null;
  updated_at: number;
}

/** The per-series state the lifecycle reads and writes; a series without a row is normal. */
export class SeriesStateStore {
  private readonly allStatement;
  private readonly saveStatement;
  private readonly deleteStatement;

  constructor(db: Db) {
    this.allStatement = db.prepare<[], Row>('SELECT * FROM series_states');
    this.saveStatement = db.prepare(`
      INSERT INTO series_states (watchlist, subject, period, told_period, told_value, told_at, updated_at)
      VALUES (@watchlist, @subject, @period, @toldPeriod, @toldValue, @toldAt, @updatedAt)
      ON CONFLICT (watchlist, subject) DO UPDATE SET period = @period, told_period = @toldPeriod,
        told_value = @toldValue, told_at = @toldAt, updated_at = @updatedAt`);
    this.deleteStatement = db.prepare('DELETE FROM series_states WHERE watchlist = ? AND subject = ?');
  }

  /** Every alerting series, keyed by seriesStateKey. */
  all(): Map<string, SeriesState> {
    return new Map(
      this.allStatement.all().map((row) => [
        seriesStateKey(row.watchlist, row.subject),
        {
          watchlist: row.watchlist,
          subject: row.subject,
          period: row.period,
          toldPeriod: row.told_period,
          toldValue: row.told_value,
          toldAt: row.told_at,
          updatedAt: row.updated_at,
        },
      ]),
    );
  }

  save(state: SeriesState): void {
    this.saveStatement.run(state);
  }

  /** The series is normal again. */
  delete(watchlist: string, subject: string): void {
    this.deleteStatement.run(watchlist, subject);
  }
}

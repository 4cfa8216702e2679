import { type SeriesState, seriesStateKey } from '../../model/alert.js';
import type { Sql } from '../sql.js';

interface Row {
  watchlist: string;
  subject: string;
  period: string | null;
  told_period: string | null;
  told_value: number | null;
  told_at: number | null;
  updated_at: number;
}

/** The per-series state the lifecycle reads and writes (migration 008); a series without a row is normal. */
export class SeriesStateRepository {
  constructor(private readonly sql: Sql) {}

  /** Every alerting series, keyed by seriesStateKey. */
  async all(): Promise<Map<string, SeriesState>> {
    const rows = await this.sql.all<Row>('SELECT * FROM series_states');
    return new Map(
      rows.map((row) => [
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

  async save(state: SeriesState): Promise<void> {
    await this.sql.run(
      `INSERT INTO series_states (watchlist, subject, period, told_period, told_value, told_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (watchlist, subject) DO UPDATE SET period = excluded.period, told_period = excluded.told_period,
         told_value = excluded.told_value, told_at = excluded.told_at, updated_at = excluded.updated_at`,
      [
        state.watchlist,
        state.subject,
        state.period,
        state.toldPeriod,
        state.toldValue,
        state.toldAt,
        state.updatedAt,
      ],
    );
  }

  /** The series is normal again. */
  async delete(watchlist: string, subject: string): Promise<void> {
    await this.sql.run('DELETE FROM series_states WHERE watchlist = ? AND subject = ?', [watchlist, subject]);
  }
}

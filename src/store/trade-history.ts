import type { SeriesHistory, SeriesPoint, SeriesRevision } from '../rules/types.js';
import { unitFamily } from '../rules/units.js';
import type { TradeWatchlist } from '../watchlists/types.js';
import type { Db } from './db.js';

interface SeriesRow {
  id: number;
  unit: string;
}

interface ObservationRow {
  period: string;
  value: number | null;
  status: SeriesPoint['status'];
}

interface RevisionRow {
  period: string;
  old_value: number | null;
  new_value: number | null;
  old_status: SeriesPoint['status'];
  new_status: SeriesPoint['status'];
  revised_at: number;
}

/** Reads the stored months of a trade watchlist's series, shaped for the rules. */
export class TradeHistoryStore {
  private readonly seriesStatement;
  private readonly observationsStatement;
  private readonly revisionsStatement;

  constructor(db: Db) {
    this.seriesStatement = db.prepare<[string, string, string, string, string], SeriesRow>(
      'SELECT id, unit FROM series WHERE source = ? AND reporter = ? AND partner = ? AND flow = ? AND hs = ?',
    );
    this.observationsStatement = db.prepare<[number], ObservationRow>(
      'SELECT period, value, status FROM observations WHERE series_id = ? ORDER BY period',
    );
    this.revisionsStatement = db.prepare<[number, number], RevisionRow>(
      'SELECT * FROM observation_revisions WHERE series_id = ? AND revised_at >= ? ORDER BY revised_at, id',
    );
  }

  /**
   * One history per HS code. Months come from the series in the watchlist's unit; a month stored
   * only in another unit of the same measure (t instead of kg) is included as is, so the rules see
   * the unit change and skip instead of comparing tonnes with kilograms.
   */
  historiesFor(watchlist: TradeWatchlist, revisionsSince: number): SeriesHistory[] {
    const family = unitFamily(watchlist.unit);
    return watchlist.hs.map((hs) => {
      const rows = this.seriesStatement
        .all(watchlist.source, watchlist.reporter, watchlist.partner, watchlist.flow, hs)
        .filter((row) => row.unit === watchlist.unit || unitFamily(row.unit) === family)
        .sort((a, b) => Number(b.unit === watchlist.unit) - Number(a.unit === watchlist.unit) || a.id - b.id);
      const byPeriod = new Map<string, SeriesPoint>();
      for (const row of rows) {
        for (const observation of this.observationsStatement.all(row.id)) {
          if (byPeriod.has(observation.period)) continue;
          const value = observation.status === 'suppressed' ? null : observation.value;
          byPeriod.set(observation.period, {
            period: observation.period,
            value,
            status: value === null ? 'suppressed' : observation.status,
            unit: row.unit,
          });
        }
      }
      const own = rows.find((row) => row.unit === watchlist.unit);
      const revisions: SeriesRevision[] = own
        ? this.revisionsStatement.all(own.id, revisionsSince).map((row) => ({
            period: row.period,
            oldValue: row.old_status === 'suppressed' ? null : row.old_value,
            newValue: row.new_status === 'suppressed' ? null : row.new_value,
            revisedAt: row.revised_at,
            unit: own.unit,
          }))
        : [];
      return {
        subject: `hs-${hs}`,
        hs,
        unit: watchlist.unit,
        points: [...byPeriod.values()].sort((a, b) => a.period.localeCompare(b.period)),
        revisions,
      };
    });
  }
}

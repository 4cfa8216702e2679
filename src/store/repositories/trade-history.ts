import type {
  RecentMonths,
  SeriesHistory,
  SeriesPoint,
  SeriesRevision,
  StoredSeries,
} from '../../model/trade.js';
import type { TradeWatchlist } from '../../model/watchlist.js';
import { unitFamily } from '../../rules/units.js';
import { placeholders, type Sql } from '../sql.js';

interface SeriesRow {
  id: number;
  unit: string;
}

interface ObservationRow {
  period: string;
  value: number | null;
  status: SeriesPoint['status'];
}

interface RecentRow extends ObservationRow {
  fetched_at: number;
}

interface RevisionRow {
  period: string;
  old_value: number | null;
  new_value: number | null;
  old_status: SeriesPoint['status'];
  new_status: SeriesPoint['status'];
  revised_at: number;
}

const SERIES_OF_ROUTE = (codes: number) =>
  `SELECT id, unit, hs FROM series WHERE source = ? AND reporter = ? AND partner = ? AND flow = ? AND hs IN (${placeholders(codes)})`;
const MONTHS_OF = (series: number) =>
  `SELECT series_id, period, value, status FROM observations WHERE series_id IN (${placeholders(series)}) ORDER BY series_id, period`;
const REVISIONS_OF = (series: number) =>
  `SELECT * FROM observation_revisions WHERE revised_at >= ? AND series_id IN (${placeholders(series)}) ORDER BY revised_at, id`;
// Walks the (series_id, period) primary key backwards: cost grows with `months`, not the table.
const RECENT =
  'SELECT period, value, status, fetched_at FROM observations WHERE series_id = ? ORDER BY period DESC LIMIT ?';
const BETWEEN = `SELECT * FROM series WHERE (partner = ? AND reporter IN (?, ?)) OR (reporter = ? AND partner IN (?, ?))
  ORDER BY source, reporter, partner, flow, hs, unit`;
const BY_KEY =
  'SELECT * FROM series WHERE source = ? AND reporter = ? AND partner = ? AND flow = ? AND hs = ? AND unit = ?';
// Months the route was answered for this code, in a month the reporter has published, without a
// row in any unit (migration 007): no trade recorded, which Comtrade says by leaving the row out. A
// row in another unit (USD stored before a weight watchlist was added) means trade, not none.
const NO_TRADE = `SELECT c.hs, c.period FROM trade_coverage c
  JOIN trade_availability a ON a.source = c.source AND a.reporter = c.reporter AND a.period = c.period
  WHERE c.source = ? AND c.reporter = ? AND c.partner = ? AND c.flow = ?
    AND NOT EXISTS (SELECT 1 FROM series s JOIN observations o ON o.series_id = s.id
      WHERE s.source = c.source AND s.reporter = c.reporter AND s.partner = c.partner
        AND s.flow = c.flow AND s.hs = c.hs AND o.period = c.period)`;

const withoutSuppressed = (status: SeriesPoint['status'], value: number | null) =>
  status === 'suppressed' ? null : value;

/** Reads the stored months of a trade watchlist's series, shaped for the rules. */
export class TradeHistoryRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * One history per HS code. Months come from the series in the watchlist's unit; a month stored
   * only in another unit of the same measure (t instead of kg) is included as is, so the rules see
   * the unit change and skip instead of comparing tonnes with kilograms. A published month answered
   * without a row is a point of its own: no trade recorded (0), never a gap and never a figure.
   */
  async historiesFor(watchlist: TradeWatchlist, revisionsSince: number): Promise<SeriesHistory[]> {
    const family = unitFamily(watchlist.unit);
    const route = [watchlist.source, watchlist.reporter, watchlist.partner, watchlist.flow];
    const codes = [...watchlist.hs];
    // Four statements for the whole watchlist, whatever its number of HS codes: a round trip is most
    // of the cost on a database across the network.
    const series = (
      await this.sql.all<SeriesRow & { hs: string }>(SERIES_OF_ROUTE(codes.length), [...route, ...codes])
    )
      .map((row) => ({ ...row, id: Number(row.id) }))
      .filter((row) => row.unit === watchlist.unit || unitFamily(row.unit) === family);
    const ids = series.map((row) => row.id);
    const months = new Map<number, ObservationRow[]>();
    const revisionsOf = new Map<number, RevisionRow[]>();
    if (ids.length > 0) {
      for (const row of await this.sql.all<ObservationRow & { series_id: number }>(
        MONTHS_OF(ids.length),
        ids,
      ))
        pushTo(months, Number(row.series_id), row);
      const own = series.filter((row) => row.unit === watchlist.unit).map((row) => row.id);
      if (own.length > 0)
        for (const row of await this.sql.all<RevisionRow & { series_id: number }>(REVISIONS_OF(own.length), [
          revisionsSince,
          ...own,
        ]))
          pushTo(revisionsOf, Number(row.series_id), row);
    }
    const noTrade = new Map<string, string[]>();
    for (const row of await this.sql.all<{ hs: string; period: string }>(
      `${NO_TRADE} AND c.hs IN (${placeholders(codes.length)})`,
      [...route, ...codes],
    ))
      pushTo(noTrade, row.hs, row.period);

    return codes.map((hs) => {
      const rows = series
        .filter((row) => row.hs === hs)
        .sort((a, b) => Number(b.unit === watchlist.unit) - Number(a.unit === watchlist.unit) || a.id - b.id);
      const byPeriod = new Map<string, SeriesPoint>();
      for (const row of rows)
        for (const observation of months.get(row.id) ?? []) {
          if (byPeriod.has(observation.period)) continue;
          const value = withoutSuppressed(observation.status, observation.value);
          byPeriod.set(observation.period, {
            period: observation.period,
            value,
            status: value === null ? 'suppressed' : observation.status,
            unit: row.unit,
          });
        }
      for (const period of noTrade.get(hs) ?? [])
        if (!byPeriod.has(period))
          byPeriod.set(period, { period, value: 0, status: 'no-trade', unit: watchlist.unit });
      const own = rows.find((row) => row.unit === watchlist.unit);
      const revisions: SeriesRevision[] = own
        ? (revisionsOf.get(own.id) ?? []).map((row) => ({
            period: row.period,
            oldValue: withoutSuppressed(row.old_status, row.old_value),
            newValue: withoutSuppressed(row.new_status, row.new_value),
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

  /** The stored series a trade watchlist reads: one per HS code, in the watchlist's unit. */
  async seriesOf(watchlist: TradeWatchlist): Promise<StoredSeries[]> {
    const found: StoredSeries[] = [];
    for (const hs of watchlist.hs) {
      const row = await this.sql.get<StoredSeries>(BY_KEY, [
        watchlist.source,
        watchlist.reporter,
        watchlist.partner,
        watchlist.flow,
        hs,
        watchlist.unit,
      ]);
      if (row) found.push(row);
    }
    return found;
  }

  /** Stored series between a country and either of two others (e.g. China and the world), both ways. */
  seriesBetween(country: string, others: readonly [string, string]): Promise<StoredSeries[]> {
    return this.sql.all<StoredSeries>(BETWEEN, [
      country,
      others[0],
      others[1],
      country,
      others[0],
      others[1],
    ]);
  }

  /** The newest `months` stored months of a series (suppressed figures as null), oldest first. */
  async recentMonths(series: StoredSeries, months: number): Promise<RecentMonths> {
    const rows = await this.sql.all<RecentRow>(RECENT, [series.id, months]);
    return {
      lastFetchedAt: rows[0]?.fetched_at ?? null,
      points: rows.reverse().map((row) => {
        const value = withoutSuppressed(row.status, row.value);
        return {
          period: row.period,
          value,
          status: value === null ? 'suppressed' : row.status,
          unit: series.unit,
        };
      }),
    };
  }
}

function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

import type { BackfillProgress, RouteCoverage, TradeRoute } from '../../model/trade.js';
import type { RowsInsert, Sql, SqlValue } from '../sql.js';

const PUT_AVAILABILITY: RowsInsert = {
  table: 'trade_availability',
  columns: ['source', 'reporter', 'period', 'release_marker', 'checked_at'],
  onConflict: `ON CONFLICT (source, reporter, period) DO UPDATE SET release_marker = excluded.release_marker,
     checked_at = excluded.checked_at`,
};
const PUT_COVERAGE: RowsInsert = {
  table: 'trade_coverage',
  columns: ['source', 'reporter', 'partner', 'flow', 'hs', 'period', 'answered_at'],
  // Once answered, a month stays answered: answered_at is when it first was, and an answer polled
  // again writes nothing (on PostgreSQL an update is a new row version: 240 a request, per re-poll).
  onConflict: 'ON CONFLICT (source, reporter, partner, flow, hs, period) DO NOTHING',
};

/**
 * The months each reporter has published, the months each route was asked and answered, and each
 * source's backfill progress (migration 007). Written with the figures of the same answer.
 */
export class TradeCoverageRepository {
  constructor(private readonly sql: Sql) {}

  /** The reporter's published months as the source listed them (period → release marker). */
  async recordPublished(
    source: string,
    reporter: string,
    periods: ReadonlyMap<string, string>,
    at: number,
  ): Promise<void> {
    const rows: SqlValue[][] = [];
    // In one order for every writer: two transactions updating the same months never wait on each other in a circle.
    for (const period of [...periods.keys()].sort())
      rows.push([source, reporter, period, periods.get(period) as string, at]);
    await this.sql.insertRows(PUT_AVAILABILITY, rows);
  }

  /** Months the route was asked for and answered in full, per HS code (kept from the first answer). */
  async recordAnswered(
    route: TradeRoute,
    answered: readonly { period: string; hs: readonly string[] }[],
    at: number,
  ): Promise<void> {
    const { source, reporter, partner, flow } = route;
    const rows: SqlValue[][] = [];
    for (const { period, hs } of answered)
      for (const code of hs) rows.push([source, reporter, partner, flow, code, period, at]);
    await this.sql.insertRows(PUT_COVERAGE, rows);
  }

  async recordBackfill(source: string, done: number, total: number, at: number): Promise<void> {
    await this.sql.run(
      `INSERT INTO source_backfill (source, months_done, months_total, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (source) DO UPDATE SET months_done = excluded.months_done, months_total = excluded.months_total,
         updated_at = excluded.updated_at`,
      [source, done, total, at],
    );
  }

  async backfills(): Promise<BackfillProgress[]> {
    const rows = await this.sql.all<{
      source: string;
      months_done: number;
      months_total: number;
      updated_at: number;
    }>('SELECT source, months_done, months_total, updated_at FROM source_backfill ORDER BY source');
    return rows.map((row) => ({
      source: row.source,
      done: row.months_done,
      total: row.months_total,
      updatedAt: row.updated_at,
    }));
  }

  /** period → what is known of it, for the months of a route that have anything recorded. */
  async coverage(route: TradeRoute): Promise<RouteCoverage> {
    const listed = (
      await this.sql.all<{ period: string }>(
        'SELECT period FROM trade_availability WHERE source = ? AND reporter = ?',
        [route.source, route.reporter],
      )
    ).map((row) => row.period);
    const answered = new Map<string, Set<string>>();
    const rows = await this.sql.all<{ period: string; hs: string }>(
      'SELECT period, hs FROM trade_coverage WHERE source = ? AND reporter = ? AND partner = ? AND flow = ?',
      [route.source, route.reporter, route.partner, route.flow],
    );
    for (const row of rows) {
      const codes = answered.get(row.period) ?? new Set<string>();
      codes.add(row.hs);
      answered.set(row.period, codes);
    }
    return { published: listed.length > 0 ? new Set(listed) : null, answered };
  }
}

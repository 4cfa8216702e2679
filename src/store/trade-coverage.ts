import type { BackfillProgress, RouteCoverage, TradeRoute } from '../model/trade.js';
import type { Db } from './db.js';

/**
 * The months each reporter has published, the months each route was asked and answered, and each
 * source's backfill progress (migration 007). Written with the figures of the same answer.
 */
export class TradeCoverageStore {
  private readonly putAvailability;
  private readonly putCoverage;
  private readonly putBackfill;
  private readonly availabilityOf;
  private readonly coverageOf;
  private readonly backfillStatement;

  constructor(db: Db) {
    this.putAvailability = db.prepare<[string, string, string, string, number]>(
      `INSERT INTO trade_availability (source, reporter, period, release_marker, checked_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (source, reporter, period) DO UPDATE SET release_marker = excluded.release_marker, checked_at = excluded.checked_at`,
    );
    this.putCoverage = db.prepare<[string, string, string, string, string, string, number]>(
      `INSERT INTO trade_coverage (source, reporter, partner, flow, hs, period, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (source, reporter, partner, flow, hs, period) DO UPDATE SET answered_at = excluded.answered_at`,
    );
    this.putBackfill = db.prepare<[string, number, number, number]>(
      `INSERT INTO source_backfill (source, months_done, months_total, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (source) DO UPDATE SET months_done = excluded.months_done, months_total = excluded.months_total,
         updated_at = excluded.updated_at`,
    );
    this.availabilityOf = db.prepare<[string, string], { period: string }>(
      'SELECT period FROM trade_availability WHERE source = ? AND reporter = ?',
    );
    this.coverageOf = db.prepare<[string, string, string, string], { period: string; hs: string }>(
      'SELECT period, hs FROM trade_coverage WHERE source = ? AND reporter = ? AND partner = ? AND flow = ?',
    );
    this.backfillStatement = db.prepare<
      [],
      { source: string; months_done: number; months_total: number; updated_at: number }
    >('SELECT source, months_done, months_total, updated_at FROM source_backfill ORDER BY source');
  }

  /** The reporter's published months as the source listed them (period → release marker). */
  recordPublished(source: string, reporter: string, periods: ReadonlyMap<string, string>, at: number): void {
    for (const [period, release] of periods) this.putAvailability.run(source, reporter, period, release, at);
  }

  /** Months the route was asked for and answered in full, per HS code. */
  recordAnswered(
    route: TradeRoute,
    answered: readonly { period: string; hs: readonly string[] }[],
    at: number,
  ): void {
    for (const { period, hs } of answered)
      for (const code of hs)
        this.putCoverage.run(route.source, route.reporter, route.partner, route.flow, code, period, at);
  }

  recordBackfill(source: string, done: number, total: number, at: number): void {
    this.putBackfill.run(source, done, total, at);
  }

  backfills(): BackfillProgress[] {
    return this.backfillStatement.all().map((row) => ({
      source: row.source,
      done: row.months_done,
      total: row.months_total,
      updatedAt: row.updated_at,
    }));
  }

  /** period → what is known of it, for the months of a route that have anything recorded. */
  coverage(route: TradeRoute): RouteCoverage {
    const listed = this.availabilityOf.all(route.source, route.reporter).map((row) => row.period);
    const answered = new Map<string, Set<string>>();
    for (const row of this.coverageOf.all(route.source, route.reporter, route.partner, route.flow)) {
      const codes = answered.get(row.period) ?? new Set<string>();
      codes.add(row.hs);
      answered.set(row.period, codes);
    }
    return { published: listed.length > 0 ? new Set(listed) : null, answered };
  }
}

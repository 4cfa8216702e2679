import type Database from 'better-sqlite3';
import { recordFigures, recordKey, type TradeWorkload } from './trade.js';

type SeriesRow = [number, string, string, string, string, string, string];
type ObservationRow = [number, string, number, string, number, number];

/** The workload's rows as the Comtrade source would store them: a USD and a kg series per route and HS code. */
export function tradeRows(
  workload: TradeWorkload,
  fetchedAt: number,
): { series: SeriesRow[]; observations: ObservationRow[] } {
  const series: SeriesRow[] = [];
  const observations: ObservationRow[] = [];
  for (const route of workload.routes)
    for (const hs of workload.hs) {
      const base = ['comtrade', route.reporter.code, route.partner.code, route.flow, hs] as const;
      const usdId = series.length + 1;
      series.push([usdId, ...base, 'USD']);
      const kgId = series.length + 1;
      series.push([kgId, ...base, 'kg']);
      for (const period of workload.months) {
        if (workload.missing.has(recordKey(route, hs, period))) continue;
        const { usd, kg } = recordFigures(route, hs, period);
        observations.push([usdId, period, usd, 'reported', fetchedAt, fetchedAt]);
        observations.push([kgId, period, kg, 'reported', fetchedAt, fetchedAt]);
      }
    }
  return { series, observations };
}

/** Stores rows with prepared INSERTs in one transaction: the baseline of the ingest rows, and a fast seed. */
export function insertTradeRows(db: Database.Database, rows: ReturnType<typeof tradeRows>): void {
  const insertSeries = db.prepare(
    'INSERT INTO series (id, source, reporter, partner, flow, hs, unit) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertObservation = db.prepare(
    'INSERT INTO observations (series_id, period, value, status, fetched_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (const row of rows.series) insertSeries.run(...row);
    for (const row of rows.observations) insertObservation.run(...row);
  })();
}

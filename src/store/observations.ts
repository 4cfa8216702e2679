import type { Statement } from 'better-sqlite3';
import {
  type Observation,
  type SeriesKey,
  type SeriesUpsert,
  type StoredObservation,
  seriesKeyOf,
} from '../model/trade.js';
import type { Db } from './db.js';

interface ExistingRow {
  value: number | null;
  status: Observation['status'];
}

/** New months are written this many to a statement: a round trip into SQLite per row was most of an ingest. */
const INSERT_BATCH = 32;
const COLUMNS = 6;

const insertObservations = (rows: number): string =>
  `INSERT INTO observations (series_id, period, value, status, fetched_at, updated_at) VALUES ${Array.from(
    { length: rows },
    () => '(?, ?, ?, ?, ?, ?)',
  ).join(', ')}`;

/**
 * Monthly observations, stored idempotently: re-polling an unchanged month writes nothing at all,
 * and a changed figure updates the row and records a revision holding both values.
 */
export class ObservationStore {
  private readonly findSeries;
  private readonly insertSeries;
  private readonly seriesRows;
  private readonly insertObservation;
  private readonly insertObservations;
  private readonly updateObservation;
  private readonly insertRevision;
  private readonly historyStatement;
  private readonly summaryStatement;
  private readonly seriesIds = new Map<string, number>();

  constructor(private readonly db: Db) {
    this.findSeries = db.prepare<[string, string, string, string, string, string], { id: number }>(
      'SELECT id FROM series WHERE source = ? AND reporter = ? AND partner = ? AND flow = ? AND hs = ? AND unit = ?',
    );
    this.insertSeries = db.prepare(
      'INSERT INTO series (source, reporter, partner, flow, hs, unit) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.seriesRows = db.prepare<[number], ExistingRow & { period: string }>(
      'SELECT period, value, status FROM observations WHERE series_id = ?',
    );
    this.insertObservation = db.prepare(insertObservations(1));
    this.insertObservations = db.prepare(insertObservations(INSERT_BATCH));
    this.updateObservation = db.prepare(
      'UPDATE observations SET value = ?, status = ?, fetched_at = ?, updated_at = ? WHERE series_id = ? AND period = ?',
    );
    this.insertRevision = db.prepare(
      `INSERT INTO observation_revisions (series_id, period, old_value, new_value, old_status, new_status, revised_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    );
    this.historyStatement = db.prepare<
      [number],
      {
        period: string;
        value: number | null;
        status: Observation['status'];
        fetched_at: number;
        updated_at: number;
      }
    >(
      'SELECT period, value, status, fetched_at, updated_at FROM observations WHERE series_id = ? ORDER BY period',
    );
    this.summaryStatement = db.prepare<[string], { id: number; periods: number; latest: string | null }>(
      `SELECT series_id AS id, COUNT(*) AS periods, MAX(period) AS latest FROM observations
       WHERE series_id IN (SELECT value FROM json_each(?)) GROUP BY series_id`,
    );
  }

  /**
   * Stores a batch in one short transaction. It reads before it writes, so it starts IMMEDIATE:
   * a deferred one would fail at once with "database is locked" (a stale WAL snapshot, which the
   * busy timeout cannot help) whenever another process — the service beside a `ree-watch poll` —
   * committed between its first read and its first write.
   */
  upsert(
    observations: readonly Observation[],
    /** Told every 10,000 observations, for a progress bar on a large import. */
    onProgress?: (done: number, total: number) => void,
  ): SeriesUpsert[] {
    const results = new Map<string, SeriesUpsert>();
    const existing = new Map<number, Map<string, ExistingRow>>();
    const pending = new PendingInserts(this.insertObservation, this.insertObservations);
    const write = this.db.transaction(() => {
      for (const [index, observation] of observations.entries()) {
        if (onProgress && index % 10_000 === 0) onProgress(index, observations.length);
        const key = seriesKeyOf(observation);
        let result = results.get(key);
        if (!result) {
          const seriesKey: SeriesKey = {
            source: observation.source,
            reporter: observation.reporter,
            partner: observation.partner,
            flow: observation.flow,
            hs: observation.hs,
            unit: observation.unit,
          };
          const known = this.find(seriesKey);
          result = {
            key: seriesKey,
            seriesId: known ?? this.createSeries(seriesKey),
            stored: [],
            unchanged: [],
            revised: [],
            periods: 0,
            latest: null,
          };
          results.set(key, result);
          // One read per series, not per month (none for a series created just now).
          existing.set(
            result.seriesId,
            known === undefined
              ? new Map()
              : new Map(this.seriesRows.all(result.seriesId).map((row) => [row.period, row])),
          );
        }
        this.upsertOne(
          result,
          observation,
          existing.get(result.seriesId) as Map<string, ExistingRow>,
          pending,
        );
      }
      pending.flush();
    });
    try {
      write.immediate();
      onProgress?.(observations.length, observations.length);
    } catch (error) {
      this.forgetSeriesIds();
      throw error;
    }
    for (const result of results.values()) {
      // Every stored month of the series was read before the writes: count them here, not in SQL.
      const months = existing.get(result.seriesId) as Map<string, ExistingRow>;
      result.periods = months.size;
      for (const period of months.keys())
        if (result.latest === null || period > result.latest) result.latest = period;
      result.stored.sort();
      result.unchanged.sort();
      result.revised.sort((a, b) => a.period.localeCompare(b.period));
    }
    return [...results.values()];
  }

  /** After a rollback: the ids cached may be of series rows that no longer exist. */
  forgetSeriesIds(): void {
    this.seriesIds.clear();
  }

  /** The id of a series, or undefined when nothing was ever stored for it. */
  find(key: SeriesKey): number | undefined {
    const cached = this.seriesIds.get(seriesKeyOf(key));
    if (cached !== undefined) return cached;
    const row = this.findSeries.get(key.source, key.reporter, key.partner, key.flow, key.hs, key.unit);
    if (row) this.seriesIds.set(seriesKeyOf(key), row.id);
    return row?.id;
  }

  /** Every stored month of a series, oldest first. */
  history(key: SeriesKey): StoredObservation[] {
    const id = this.find(key);
    if (id === undefined) return [];
    return this.historyStatement.all(id).map((row) => ({
      period: row.period,
      value: row.value,
      status: row.status,
      fetchedAt: row.fetched_at,
      updatedAt: row.updated_at,
    }));
  }

  /** How many months a series holds and the latest one. */
  summary(key: SeriesKey): { periods: number; latest: string | null } {
    return this.summaries([key])[0] as { periods: number; latest: string | null };
  }

  /** `summary` of each series, in one query. */
  summaries(keys: readonly SeriesKey[]): { periods: number; latest: string | null }[] {
    const ids = keys.map((key) => this.find(key));
    const known = ids.filter((id) => id !== undefined);
    const rows = known.length > 0 ? this.summaryStatement.all(JSON.stringify(known)) : [];
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => {
      const row = id === undefined ? undefined : byId.get(id);
      return { periods: row?.periods ?? 0, latest: row?.latest ?? null };
    });
  }

  private createSeries(key: SeriesKey): number {
    const info = this.insertSeries.run(key.source, key.reporter, key.partner, key.flow, key.hs, key.unit);
    const id = Number(info.lastInsertRowid);
    this.seriesIds.set(seriesKeyOf(key), id);
    return id;
  }

  private upsertOne(
    result: SeriesUpsert,
    observation: Observation,
    stored: Map<string, ExistingRow>,
    pending: PendingInserts,
  ): void {
    const { seriesId } = result;
    const existing = stored.get(observation.period);
    stored.set(observation.period, { value: observation.value, status: observation.status });
    const at = observation.fetchedAt;
    if (!existing) {
      pending.add(seriesId, observation.period, observation.value, observation.status, at);
      result.stored.push(observation.period);
      return;
    }
    if (existing.value === observation.value && existing.status === observation.status) {
      result.unchanged.push(observation.period);
      return;
    }
    // The month may be one of the inserts still waiting: write them before changing it.
    pending.flush();
    this.updateObservation.run(observation.value, observation.status, at, at, seriesId, observation.period);
    this.insertRevision.run(
      seriesId,
      observation.period,
      existing.value,
      observation.value,
      existing.status,
      observation.status,
      at,
    );
    result.revised.push({
      period: observation.period,
      oldValue: existing.value,
      newValue: observation.value,
      oldStatus: existing.status,
      newStatus: observation.status,
    });
  }
}

/** New rows waiting to be written INSERT_BATCH at a time; `flush` writes the rest one by one. */
class PendingInserts {
  private readonly values: unknown[] = [];

  constructor(
    private readonly one: Statement,
    private readonly batch: Statement,
  ) {}

  add(seriesId: number, period: string, value: number | null, status: string, at: number): void {
    this.values.push(seriesId, period, value, status, at, at);
    if (this.values.length === INSERT_BATCH * COLUMNS) {
      this.batch.run(this.values);
      this.values.length = 0;
    }
  }

  flush(): void {
    for (let row = 0; row < this.values.length; row += COLUMNS)
      this.one.run(this.values.slice(row, row + COLUMNS));
    this.values.length = 0;
  }
}

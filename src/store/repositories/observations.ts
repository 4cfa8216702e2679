import {
  type Observation,
  type SeriesKey,
  type SeriesSummary,
  type SeriesUpsert,
  type StoredObservation,
  seriesKeyOf,
} from '../../model/trade.js';
import { placeholders, type Sql, type SqlValue } from '../sql.js';
import { chunked } from './chunks.js';
import type { SeriesIds } from './series-ids.js';

interface ExistingRow {
  value: number | null;
  status: Observation['status'];
}

/** New months are written this many to a statement: a round trip into the database per row was most of an ingest. */
const INSERT_BATCH = 32;
const COLUMNS = 6;

const insertObservations = (rows: number): string =>
  `INSERT INTO observations (series_id, period, value, status, fetched_at, updated_at) VALUES ${Array.from(
    { length: rows },
    () => '(?, ?, ?, ?, ?, ?)',
  ).join(', ')}`;
const INSERT_ONE = insertObservations(1);
const INSERT_MANY = insertObservations(INSERT_BATCH);

const FIND_SERIES =
  'SELECT id FROM series WHERE source = ? AND reporter = ? AND partner = ? AND flow = ? AND hs = ? AND unit = ?';
const SERIES_ROWS = 'SELECT period, value, status FROM observations WHERE series_id = ?';

/**
 * Monthly observations, stored idempotently: re-polling an unchanged month writes nothing at all,
 * and a changed figure updates the row and records a revision holding both values.
 */
export class ObservationRepository {
  constructor(
    private readonly sql: Sql,
    private readonly ids: SeriesIds,
  ) {}

  /**
   * Stores a batch in one short transaction (a part of the caller's, inside one). Reads every stored
   * month of a series once, before its writes, and writes new months 32 to a statement.
   */
  async upsert(
    observations: readonly Observation[],
    /** Told every 10,000 observations, for a progress bar on a large import. */
    onProgress?: (done: number, total: number) => void,
  ): Promise<SeriesUpsert[]> {
    const results = new Map<string, SeriesUpsert>();
    const existing = new Map<number, Map<string, ExistingRow>>();
    let ids = this.ids;
    await this.sql.transaction(async (tx) => {
      // Run again from the start if the database asks (a lost connection): nothing carries over.
      results.clear();
      existing.clear();
      ids = this.ids.layer();
      const pending = new PendingInserts(tx);
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
          const known = await findSeries(tx, ids, seriesKey);
          result = {
            key: seriesKey,
            seriesId: known ?? (await createSeries(tx, ids, seriesKey)),
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
              : new Map(
                  (await tx.all<ExistingRow & { period: string }>(SERIES_ROWS, [result.seriesId])).map(
                    (row) => [row.period, row],
                  ),
                ),
          );
        }
        const months = existing.get(result.seriesId) as Map<string, ExistingRow>;
        const write = upsertOne(result, observation, months, pending);
        if (write) await write;
      }
      await pending.flush();
    });
    ids.keep();
    onProgress?.(observations.length, observations.length);
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

  /** The id of a series, or undefined when nothing was ever stored for it. */
  find(key: SeriesKey): Promise<number | undefined> {
    return findSeries(this.sql, this.ids, key);
  }

  /** Every stored month of a series, oldest first. */
  async history(key: SeriesKey): Promise<StoredObservation[]> {
    const id = await this.find(key);
    if (id === undefined) return [];
    const rows = await this.sql.all<{
      period: string;
      value: number | null;
      status: Observation['status'];
      fetched_at: number;
      updated_at: number;
    }>(
      'SELECT period, value, status, fetched_at, updated_at FROM observations WHERE series_id = ? ORDER BY period',
      [id],
    );
    return rows.map((row) => ({
      period: row.period,
      value: row.value,
      status: row.status,
      fetchedAt: row.fetched_at,
      updatedAt: row.updated_at,
    }));
  }

  /** How many months a series holds and the latest one. */
  async summary(key: SeriesKey): Promise<SeriesSummary> {
    return (await this.summaries([key]))[0] as SeriesSummary;
  }

  /** `summary` of each series, in as few queries as the list allows. */
  async summaries(keys: readonly SeriesKey[]): Promise<SeriesSummary[]> {
    const ids: (number | undefined)[] = [];
    for (const key of keys) ids.push(await this.find(key));
    const known = ids.filter((id): id is number => id !== undefined);
    const byId = new Map<number, { periods: number; latest: string | null }>();
    for (const list of chunked(known)) {
      const rows = await this.sql.all<{ id: number; periods: number; latest: string | null }>(
        `SELECT series_id AS id, COUNT(*) AS periods, MAX(period) AS latest FROM observations
         WHERE series_id IN (${placeholders(list.length)}) GROUP BY series_id`,
        list,
      );
      for (const row of rows) byId.set(Number(row.id), row);
    }
    return ids.map((id) => {
      const row = id === undefined ? undefined : byId.get(id);
      return { periods: Number(row?.periods ?? 0), latest: row?.latest ?? null };
    });
  }
}

async function findSeries(sql: Sql, ids: SeriesIds, key: SeriesKey): Promise<number | undefined> {
  const cacheKey = seriesKeyOf(key);
  const cached = ids.get(cacheKey);
  if (cached !== undefined) return cached;
  const row = await sql.get<{ id: number }>(FIND_SERIES, [
    key.source,
    key.reporter,
    key.partner,
    key.flow,
    key.hs,
    key.unit,
  ]);
  if (row) ids.set(cacheKey, Number(row.id));
  return row === undefined ? undefined : Number(row.id);
}

async function createSeries(sql: Sql, ids: SeriesIds, key: SeriesKey): Promise<number> {
  const row = await sql.get<{ id: number }>(
    'INSERT INTO series (source, reporter, partner, flow, hs, unit) VALUES (?, ?, ?, ?, ?, ?) RETURNING id',
    [key.source, key.reporter, key.partner, key.flow, key.hs, key.unit],
  );
  const id = Number(row?.id);
  ids.set(seriesKeyOf(key), id);
  return id;
}

/**
 * Stores one observation of a series whose stored months are `stored`: a new month waits in
 * `pending`, an unchanged one writes nothing, a changed one updates and records the revision. Returns
 * a promise only when it has to write now (a full batch, a revision), so most months cost no await.
 */
function upsertOne(
  result: SeriesUpsert,
  observation: Observation,
  stored: Map<string, ExistingRow>,
  pending: PendingInserts,
): Promise<void> | undefined {
  const { seriesId } = result;
  const existing = stored.get(observation.period);
  stored.set(observation.period, { value: observation.value, status: observation.status });
  const at = observation.fetchedAt;
  if (!existing) {
    result.stored.push(observation.period);
    return pending.add(seriesId, observation.period, observation.value, observation.status, at);
  }
  if (existing.value === observation.value && existing.status === observation.status) {
    result.unchanged.push(observation.period);
    return undefined;
  }
  result.revised.push({
    period: observation.period,
    oldValue: existing.value,
    newValue: observation.value,
    oldStatus: existing.status,
    newStatus: observation.status,
  });
  return revise(pending, seriesId, observation, existing);
}

async function revise(
  pending: PendingInserts,
  seriesId: number,
  observation: Observation,
  existing: ExistingRow,
): Promise<void> {
  const at = observation.fetchedAt;
  // The month may be one of the inserts still waiting: write them before changing it.
  await pending.flush();
  await pending.sql.run(
    'UPDATE observations SET value = ?, status = ?, fetched_at = ?, updated_at = ? WHERE series_id = ? AND period = ?',
    [observation.value, observation.status, at, at, seriesId, observation.period],
  );
  await pending.sql.run(
    `INSERT INTO observation_revisions (series_id, period, old_value, new_value, old_status, new_status, revised_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
    [
      seriesId,
      observation.period,
      existing.value,
      observation.value,
      existing.status,
      observation.status,
      at,
    ],
  );
}

/** New rows waiting to be written INSERT_BATCH at a time; `flush` writes the rest one by one. */
class PendingInserts {
  private readonly values: SqlValue[] = [];

  constructor(readonly sql: Sql) {}

  /** Queues a row; returns the write when the batch is full. */
  add(
    seriesId: number,
    period: string,
    value: number | null,
    status: string,
    at: number,
  ): Promise<void> | undefined {
    this.values.push(seriesId, period, value, status, at, at);
    if (this.values.length < INSERT_BATCH * COLUMNS) return undefined;
    const batch = this.values.splice(0);
    return this.sql.run(INSERT_MANY, batch).then(() => undefined);
  }

  async flush(): Promise<void> {
    const rest = this.values.splice(0);
    for (let row = 0; row < rest.length; row += COLUMNS)
      await this.sql.run(INSERT_ONE, rest.slice(row, row + COLUMNS));
  }
}

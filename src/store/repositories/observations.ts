import {
  type Observation,
  type SeriesKey,
  type SeriesSummary,
  type SeriesUpsert,
  type StoredObservation,
  seriesKeyOf,
} from '../../model/trade.js';
import { placeholders, type RowsInsert, type Sql, type SqlValue } from '../sql.js';
import { chunked } from './chunks.js';
import type { SeriesIds } from './series-ids.js';

interface ExistingRow {
  value: number | null;
  status: Observation['status'];
}

/** New months held before they are written: a batch bounds the memory of a large import. */
const PENDING_BATCH = 2_000;

const INSERT_OBSERVATIONS: RowsInsert = {
  table: 'observations',
  columns: ['series_id', 'period', 'value', 'status', 'fetched_at', 'updated_at'],
};

const FIND_SERIES =
  'SELECT id FROM series WHERE source = ? AND reporter = ? AND partner = ? AND flow = ? AND hs = ? AND unit = ?';

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
   * month of a series once, before its writes, and writes new months a batch at a time.
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
      const keys = new Map<string, SeriesKey>();
      for (const observation of observations) {
        const key = seriesKeyOf(observation);
        if (!keys.has(key)) keys.set(key, seriesKeyFields(observation));
      }
      // A few statements for the whole batch, not a few per series: the series ids (creating the
      // new ones together), then every stored month of the series that existed.
      const created = await prepareSeries(tx, ids, [...keys.values()]);
      const knownIds: number[] = [];
      for (const [key] of keys) {
        const id = ids.get(key) as number;
        existing.set(id, new Map());
        if (!created.has(id)) knownIds.push(id);
      }
      for (const list of chunked(knownIds))
        for (const row of await tx.all<ExistingRow & { series_id: number; period: string }>(
          `SELECT series_id, period, value, status FROM observations WHERE series_id IN (${placeholders(list.length)})`,
          list,
        ))
          existing.get(Number(row.series_id))?.set(row.period, { value: row.value, status: row.status });
      for (const [index, observation] of observations.entries()) {
        if (onProgress && index % 10_000 === 0) onProgress(index, observations.length);
        const key = seriesKeyOf(observation);
        let result = results.get(key);
        if (!result) {
          result = {
            key: keys.get(key) as SeriesKey,
            seriesId: ids.get(key) as number,
            stored: [],
            unchanged: [],
            revised: [],
            periods: 0,
            latest: null,
          };
          results.set(key, result);
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

const seriesKeyFields = (key: SeriesKey): SeriesKey => ({
  source: key.source,
  reporter: key.reporter,
  partner: key.partner,
  flow: key.flow,
  hs: key.hs,
  unit: key.unit,
});

const keyValues = (key: SeriesKey): SqlValue[] => [
  key.source,
  key.reporter,
  key.partner,
  key.flow,
  key.hs,
  key.unit,
];
const SERIES_COLUMNS = 'source, reporter, partner, flow, hs, unit';
/** Series keys to a statement: six values each. */
const KEYS_CHUNK = 80;

/**
 * Learns the id of every series in `keys` (the cache first, then one query per 80 keys) and creates
 * those never stored, in one statement per 80; returns the ids it created, which have no months yet.
 */
async function prepareSeries(sql: Sql, ids: SeriesIds, keys: readonly SeriesKey[]): Promise<Set<number>> {
  const remember = (rows: (SeriesKey & { id: number })[]) => {
    for (const row of rows) ids.set(seriesKeyOf(row), Number(row.id));
  };
  const unknown = keys.filter((key) => ids.get(seriesKeyOf(key)) === undefined);
  for (const list of chunked(unknown, KEYS_CHUNK))
    remember(
      await sql.all<SeriesKey & { id: number }>(
        `SELECT id, ${SERIES_COLUMNS} FROM series WHERE (${SERIES_COLUMNS}) IN (VALUES ${list.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')})`,
        list.flatMap(keyValues),
      ),
    );
  const created = new Set<number>();
  const missing = unknown.filter((key) => ids.get(seriesKeyOf(key)) === undefined);
  for (const list of chunked(missing, KEYS_CHUNK)) {
    const rows = await sql.all<SeriesKey & { id: number }>(
      `INSERT INTO series (${SERIES_COLUMNS}) VALUES ${list.map(() => '(?, ?, ?, ?, ?, ?)').join(', ')} RETURNING id, ${SERIES_COLUMNS}`,
      list.flatMap(keyValues),
    );
    remember(rows);
    for (const row of rows) created.add(Number(row.id));
  }
  return created;
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

/**
 * New rows waiting to be written a batch at a time (`Sql.insertRows`: on SQLite 32 rows to a prepared
 * statement, on PostgreSQL a statement per few thousand rows), so most months cost no await.
 */
class PendingInserts {
  private rows: SqlValue[][] = [];

  constructor(readonly sql: Sql) {}

  /** Queues a row; returns the write when the batch is full. */
  add(
    seriesId: number,
    period: string,
    value: number | null,
    status: string,
    at: number,
  ): Promise<void> | undefined {
    this.rows.push([seriesId, period, value, status, at, at]);
    return this.rows.length < PENDING_BATCH ? undefined : this.flush();
  }

  async flush(): Promise<void> {
    if (this.rows.length === 0) return;
    const rows = this.rows;
    this.rows = [];
    await this.sql.insertRows(INSERT_OBSERVATIONS, rows);
  }
}

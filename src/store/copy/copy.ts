import { createHash } from 'node:crypto';
import { type Sql, type SqlValue, StoreError } from '../sql.js';
import { inDependencyOrder, readTables, type TableShape } from './tables.js';

/** What the copy found for one table: rows and an order-independent checksum on each side. */
export interface TableReport {
  table: string;
  sourceRows: number;
  targetRows: number;
  sourceChecksum: string;
  targetChecksum: string;
  /** Rows this run inserted (an interrupted run's rows are not counted again). */
  copied: number;
  same: boolean;
}

export interface CopyOptions {
  /** Go on into a target that already holds rows: an interrupted copy of the same source. */
  resume: boolean;
  /** Rows per statement and per committed batch (default 500). */
  batchSize?: number;
  /** Told after each committed batch. */
  onBatch?: (progress: { table: string; copied: number; total: number }) => void;
}

type Row = Record<string, unknown>;

/** Pages through a table in its key order on its own database (keyset pagination, never OFFSET). */
async function* pages(sql: Sql, table: TableShape, size: number): AsyncGenerator<Row[]> {
  const columns = table.columns.map((column) => `"${column}"`).join(', ');
  const key = table.key.map((column) => `"${column}"`).join(', ');
  let after: SqlValue[] | undefined;
  for (;;) {
    const rows: Row[] = after
      ? await sql.all<Row>(
          `SELECT ${columns} FROM "${table.name}" WHERE (${key}) > (${after.map(() => '?').join(', ')}) ORDER BY ${key} LIMIT ${size}`,
          after,
        )
      : await sql.all<Row>(`SELECT ${columns} FROM "${table.name}" ORDER BY ${key} LIMIT ${size}`);
    if (rows.length === 0) return;
    yield rows;
    const last = rows[rows.length - 1] as Row;
    after = table.key.map((column) => last[column] as SqlValue);
    if (rows.length < size) return;
  }
}

/** One value as both databases agree on it: a flag as 0/1, a number as a number, text as text. */
function canonical(value: unknown, kind: 'boolean' | 'number' | 'text' | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (kind === 'number' || kind === 'boolean' || typeof value === 'number' || typeof value === 'bigint')
    return Number(value);
  return String(value);
}

/** A value as the target column takes it. */
function forTarget(value: unknown, kind: 'boolean' | 'number' | 'text' | undefined): SqlValue {
  if (value === null || value === undefined) return null;
  if (kind === 'boolean') return Boolean(value);
  if (kind === 'number') return Number(value);
  return typeof value === 'string' ? value : String(value);
}

/**
 * Rows and checksum of a table: the sum (mod 2^64) and xor of the first 16 bytes of each row's
 * SHA-256 over its canonical values, so the two databases agree whatever order they sort text in.
 */
async function fingerprint(sql: Sql, table: TableShape, columns: readonly string[]) {
  let rows = 0;
  let sum = 0n;
  let xor = 0n;
  const mask = (1n << 64n) - 1n;
  for await (const page of pages(sql, table, 2_000)) {
    for (const row of page) {
      rows++;
      const values = columns.map((column) => canonical(row[column], table.kinds.get(column)));
      const digest = createHash('sha256').update(JSON.stringify(values)).digest();
      sum = (sum + digest.readBigUInt64BE(0)) & mask;
      xor ^= digest.readBigUInt64BE(8);
    }
  }
  return { rows, checksum: `${sum.toString(16).padStart(16, '0')}${xor.toString(16).padStart(16, '0')}` };
}

async function count(sql: Sql, table: string): Promise<number> {
  return Number((await sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM "${table}"`))?.n ?? 0);
}

async function schemaVersion(sql: Sql): Promise<number> {
  return Number(
    (await sql.get<{ v: number | null }>('SELECT MAX(version) AS v FROM schema_migrations'))?.v ?? 0,
  );
}

/**
 * Copies every table of one database into another of the same schema version, a committed batch at a
 * time in key order, then compares row counts and checksums table by table. Rows already in the
 * target are left as they are (ON CONFLICT DO NOTHING), so an interrupted copy resumes by running it
 * again with `resume`. The source must not change meanwhile: stop the service first.
 */
export async function copyDatabase(source: Sql, target: Sql, options: CopyOptions): Promise<TableReport[]> {
  const [from, to] = [await schemaVersion(source), await schemaVersion(target)];
  if (from !== to)
    throw new StoreError(
      `the source database is at schema version ${from} and the target at ${to}: run the same ree-watch on both`,
    );
  const sourceTables = inDependencyOrder(await readTables(source));
  const targetTables = new Map((await readTables(target)).map((table) => [table.name, table]));
  for (const table of sourceTables) {
    const other = targetTables.get(table.name);
    const missing = other ? table.columns.filter((column) => !other.columns.includes(column)) : ['(table)'];
    if (missing.length > 0)
      throw new StoreError(
        `the target has no ${table.name} ${missing.join(', ')}: its schema is not ree-watch's`,
      );
  }
  if (!options.resume) {
    const filled: string[] = [];
    for (const table of sourceTables) {
      const rows = await count(target, table.name);
      if (rows > 0) filled.push(`${table.name} (${rows})`);
    }
    if (filled.length > 0)
      throw new StoreError(
        `the target already holds rows in ${filled.join(', ')}: copy into an empty database, or add --resume to finish an interrupted copy of this source`,
      );
  }

  const reports: TableReport[] = [];
  for (const table of sourceTables) {
    const shape = targetTables.get(table.name) as TableShape;
    const total = await count(source, table.name);
    let copied = 0;
    let done = 0;
    // An interrupted copy left whole tables behind it: those are skipped, the rest is re-read.
    const complete = options.resume && (await count(target, table.name)) === total;
    const size = Math.max(1, Math.min(options.batchSize ?? 500, Math.floor(30_000 / table.columns.length)));
    if (!complete)
      for await (const page of pages(source, table, size)) {
        const values = page.flatMap((row) =>
          table.columns.map((column) => forTarget(row[column], shape.kinds.get(column))),
        );
        const tuple = `(${table.columns.map(() => '?').join(', ')})`;
        copied += await target.transaction((tx) =>
          tx.run(
            `INSERT INTO "${table.name}" (${table.columns.map((column) => `"${column}"`).join(', ')})
             VALUES ${page.map(() => tuple).join(', ')} ON CONFLICT DO NOTHING`,
            values,
          ),
        );
        done += page.length;
        options.onBatch?.({ table: table.name, copied: done, total });
      }
    if (target.dialect === 'postgres') await advanceIdentity(target, table.name);
    const [a, b] = [
      await fingerprint(source, table, table.columns),
      await fingerprint(target, shape, table.columns),
    ];
    reports.push({
      table: table.name,
      sourceRows: a.rows,
      targetRows: b.rows,
      sourceChecksum: a.checksum,
      targetChecksum: b.checksum,
      copied,
      same: a.rows === b.rows && a.checksum === b.checksum,
    });
  }
  return reports;
}

/** Copied ids were given explicitly: the identity's sequence must continue after the highest one. */
async function advanceIdentity(target: Sql, table: string): Promise<void> {
  const identities = await target.all<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = ? AND is_identity = 'YES'`,
    [table],
  );
  for (const { column_name: column } of identities)
    await target.get(
      `SELECT setval(pg_get_serial_sequence(?, ?), MAX("${column}")) FROM "${table}" HAVING MAX("${column}") IS NOT NULL`,
      [table, column],
    );
}

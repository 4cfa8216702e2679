import type pg from 'pg';
import type { RowsInsert, SqlValue } from '../sql.js';

/**
 * Many rows into PostgreSQL as one statement per few thousand rows: `INSERT … SELECT * FROM
 * unnest($1::type[], $2::type[] …)`, one array per column. Against a multi-row `VALUES` list (a
 * parameter per value and a new statement text for every row count) the text is the same for every
 * batch, so it is parsed and planned once per connection (a named statement), and six arrays bind
 * faster than three thousand parameters, on both sides of the connection.
 */

/** Rows to one statement: enough to make the round trip negligible, few enough to bound memory. */
const ROWS_PER_STATEMENT = 5_000;

type Rows = readonly (readonly SqlValue[])[];

/** Each table's column types (`bigint`, `double precision` …) read once from the catalog. */
export class ColumnTypes {
  private readonly tables = new Map<string, Promise<ReadonlyMap<string, string>>>();

  constructor(
    private readonly read: (sql: string, values: SqlValue[]) => Promise<{ name: string; type: string }[]>,
  ) {}

  of(table: string): Promise<ReadonlyMap<string, string>> {
    const known = this.tables.get(table);
    if (known) return known;
    const loading = this.read(
      `SELECT attname AS name, format_type(atttypid, atttypmod) AS type FROM pg_attribute
       WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped`,
      [table],
    ).then((rows) => new Map(rows.map((row) => [row.name, row.type])));
    this.tables.set(table, loading);
    // A failed read (the database away) is not remembered: the next insert asks again.
    loading.catch(() => {
      if (this.tables.get(table) === loading) this.tables.delete(table);
    });
    return loading;
  }
}

const statements = new WeakMap<RowsInsert, pg.QueryConfig>();

/** The insert's statement, named after its text so a connection prepares it once. */
function statementOf(insert: RowsInsert, types: ReadonlyMap<string, string>): pg.QueryConfig {
  const known = statements.get(insert);
  if (known) return known;
  const arrays = insert.columns.map((column, index) => {
    const type = types.get(column);
    if (!type) throw new Error(`${insert.table} has no column ${column}`);
    return `$${index + 1}::${type}[]`;
  });
  const text = `INSERT INTO ${insert.table} (${insert.columns.join(', ')}) SELECT * FROM unnest(${arrays.join(', ')})${
    insert.onConflict ? ` ${insert.onConflict}` : ''
  }`;
  const statement = { name: `ree_rows_${insert.table}_${hash(text)}`, text };
  statements.set(insert, statement);
  return statement;
}

/** FNV-1a of the text, in base 36: statement names are per connection and at most 63 bytes. */
function hash(text: string): string {
  let value = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 0x01000193);
  }
  return (value >>> 0).toString(36);
}

/** Writes `rows` through `client` (inside the caller's transaction); resolves with the rows changed. */
export async function insertRowsByColumn(
  client: pg.ClientBase,
  types: ColumnTypes,
  insert: RowsInsert,
  rows: Rows,
): Promise<number> {
  if (rows.length === 0) return 0;
  const statement = statementOf(insert, await types.of(insert.table));
  let changes = 0;
  for (let start = 0; start < rows.length; start += ROWS_PER_STATEMENT) {
    const end = Math.min(rows.length, start + ROWS_PER_STATEMENT);
    const columns: SqlValue[][] = insert.columns.map(() => []);
    for (let row = start; row < end; row++) {
      const values = rows[row] as readonly SqlValue[];
      for (let column = 0; column < columns.length; column++)
        (columns[column] as SqlValue[]).push(values[column] ?? null);
    }
    changes += (await client.query({ ...statement, values: columns })).rowCount ?? 0;
  }
  return changes;
}

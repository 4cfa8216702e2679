import type { Sql } from '../sql.js';

/** A table as the copy sees it: its columns in order, its key, the tables it references. */
export interface TableShape {
  name: string;
  columns: string[];
  /** The primary key's columns in key order (every column when a table has none). */
  key: string[];
  references: string[];
  /** Column name → the kind of value it holds on this database. */
  kinds: Map<string, 'boolean' | 'number' | 'text'>;
}

/** Bookkeeping that belongs to one database and is never copied: its migrations, its locks. */
const NOT_COPIED = new Set(['schema_migrations', 'locks']);

interface SqliteColumn {
  name: string;
  type: string;
  pk: number;
}

const sqliteKind = (type: string): 'boolean' | 'number' | 'text' =>
  /INT|REAL|FLOA|DOUB|NUM/i.test(type) ? 'number' : /BOOL/i.test(type) ? 'boolean' : 'text';

const postgresKind = (type: string): 'boolean' | 'number' | 'text' =>
  type === 'boolean'
    ? 'boolean'
    : /^(bigint|integer|smallint|double precision|real|numeric)$/.test(type)
      ? 'number'
      : 'text';

/** The tables ree-watch keeps, read from the database itself. */
export async function readTables(sql: Sql): Promise<TableShape[]> {
  if (sql.dialect === 'sqlite') {
    const names = await sql.all<{ name: string }>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
    );
    const tables: TableShape[] = [];
    for (const { name } of names) {
      if (NOT_COPIED.has(name)) continue;
      const columns = await sql.all<SqliteColumn>(`PRAGMA table_info("${name}")`);
      const references = await sql.all<{ table: string }>(`PRAGMA foreign_key_list("${name}")`);
      const key = columns.filter((column) => column.pk > 0).sort((a, b) => a.pk - b.pk);
      tables.push({
        name,
        columns: columns.map((column) => column.name),
        key: (key.length > 0 ? key : columns).map((column) => column.name),
        references: [...new Set(references.map((reference) => reference.table))],
        kinds: new Map(columns.map((column) => [column.name, sqliteKind(column.type)])),
      });
    }
    return tables;
  }
  const columns = await sql.all<{ table_name: string; column_name: string; data_type: string }>(
    `SELECT table_name, column_name, data_type FROM information_schema.columns
     WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
  );
  const keys = await sql.all<{ table_name: string; column_name: string }>(
    `SELECT tc.table_name, kcu.column_name FROM information_schema.table_constraints tc
     JOIN information_schema.key_column_usage kcu
       ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
     WHERE tc.constraint_type = 'PRIMARY KEY' AND tc.table_schema = current_schema()
     ORDER BY tc.table_name, kcu.ordinal_position`,
  );
  const tables = new Map<string, TableShape>();
  for (const row of columns) {
    if (NOT_COPIED.has(row.table_name)) continue;
    const table: TableShape = tables.get(row.table_name) ?? {
      name: row.table_name,
      columns: [],
      key: [],
      references: [],
      kinds: new Map(),
    };
    table.columns.push(row.column_name);
    table.kinds.set(row.column_name, postgresKind(row.data_type));
    tables.set(row.table_name, table);
  }
  for (const row of keys) tables.get(row.table_name)?.key.push(row.column_name);
  for (const table of tables.values()) if (table.key.length === 0) table.key = [...table.columns];
  return [...tables.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Referenced tables first, so every foreign key finds its row. */
export function inDependencyOrder(tables: readonly TableShape[]): TableShape[] {
  const byName = new Map(tables.map((table) => [table.name, table]));
  const ordered: TableShape[] = [];
  const seen = new Set<string>();
  const visit = (table: TableShape) => {
    if (seen.has(table.name)) return;
    seen.add(table.name);
    for (const reference of table.references) {
      const referenced = byName.get(reference);
      if (referenced) visit(referenced);
    }
    ordered.push(table);
  };
  for (const table of tables) visit(table);
  return ordered;
}

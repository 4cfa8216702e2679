import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';

/** Tables holding what the sources delivered and what the engine made of it. */
export const DATA_TABLES = [
  'series',
  'observations',
  'observation_revisions',
  'notices',
  'source_releases',
  'http_cache',
  'alerts',
  'outbox',
] as const;

/** A SHA-256 of every row of every data table, in primary-key order: equal means byte-identical data. */
export function dataChecksum(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    const hash = createHash('sha256');
    for (const table of DATA_TABLES) {
      const columns = (db.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map(
        (c) => c.name,
      );
      const rows = db
        .prepare(`SELECT * FROM ${table} ORDER BY ${columns.map((_, i) => i + 1).join(', ')}`)
        .raw()
        .all();
      hash.update(`${table}\n${JSON.stringify(rows)}\n`);
    }
    return hash.digest('hex');
  } finally {
    db.close();
  }
}

export function integrityCheck(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join('; ');
  } finally {
    db.close();
  }
}

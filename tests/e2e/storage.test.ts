import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { describeSqliteError } from '../../src/store/sqlite/errors.js';
import { openSqliteDatabase } from '../../src/store/sqlite/open-database.js';
import { ServiceProcess } from '../helpers/service-process.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const running: ServiceProcess[] = [];
afterEach(() => {
  for (const service of running.splice(0)) service.kill('SIGKILL');
});

/** 1,200 months of one series: enough to need far more than a few KiB of write-ahead log. */
function bigCsv(dir: string): string {
  const rows = ['period,reporter,partner,hs,value,unit'];
  for (let year = 1926; year < 2026; year++)
    for (let month = 1; month <= 12; month++)
      rows.push(`${year}-${String(month).padStart(2, '0')},CN,IN,850511,${year * 100 + month},USD`);
  const path = join(dir, 'series.csv');
  writeFileSync(path, `${rows.join('\n')}\n`);
  return path;
}

function inspect(path: string): { integrity: unknown; observations: number } {
  const db = new Database(path, { readonly: true });
  const result = {
    integrity: db.pragma('integrity_check', { simple: true }),
    observations: (db.prepare('SELECT COUNT(*) AS n FROM observations').get() as { n: number }).n,
  };
  db.close();
  return result;
}

describe('storage faults (real process)', () => {
  it('a full disk mid-import: one line naming the database, exit 1, nothing half-stored; with space again it imports', async () => {
    const dir = tempDir();
    const database = join(dir, 'ree.db');
    openSqliteDatabase(database).db.close();
    const csv = bigCsv(dir);
    const env = { DATABASE_PATH: database, LOG_LEVEL: 'warn' };

    // RLIMIT_FSIZE of 48 KiB: the write-ahead log cannot grow, as on a full disk.
    const full = ServiceProcess.spawn(['import', csv, '--format', 'csv'], env, { fileSizeLimitKiB: 48 });
    running.push(full);
    expect((await full.exited).code).toBe(1);
    expect(full.stderr.trim().split('\n')).toEqual([
      `ree-watch: the database at ${database} failed: a write or read failed: the disk may be full or read-only, or a file size limit was reached (disk I/O error)`,
    ]);
    expect(inspect(database)).toEqual({ integrity: 'ok', observations: 0 });

    const again = ServiceProcess.spawn(['import', csv, '--format', 'csv'], env);
    running.push(again);
    expect((await again.exited).code, again.stderr).toBe(0);
    expect(inspect(database)).toEqual({ integrity: 'ok', observations: 1200 });
  });

  it('names a full disk, a read-only file and a refused write in words', async () => {
    const error = (code: string, message: string) => Object.assign(new Error(message), { code });
    expect(describeSqliteError(error('SQLITE_FULL', 'database or disk is full'))).toBe(
      'the disk is full (database or disk is full)',
    );
    expect(describeSqliteError(error('SQLITE_READONLY', 'attempt to write a readonly database'))).toBe(
      'the file or its folder is read-only (attempt to write a readonly database)',
    );
    expect(describeSqliteError(error('SQLITE_IOERR_WRITE', 'disk I/O error'))).toMatch(
      /^a write or read failed: the disk may be full or read-only/,
    );
  });
});

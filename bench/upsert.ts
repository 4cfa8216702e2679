import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Observation } from '../src/sources/types.js';
import { openDatabase } from '../src/store/db.js';
import { ObservationStore } from '../src/store/observations.js';
import type { BenchResult } from './report.js';

const PARTNERS = ['IN', 'US', 'JP', 'DE', 'KR', 'VN', 'TH', 'WORLD'];
const HS = ['850511', '850519', '2846', '280530', '284610', '284690', '720299', '810590'];
const MONTHS = Array.from({ length: 24 }, (_, i) => {
  const d = new Date(Date.UTC(2023, 6 + i, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
});

function batch(scale: number, fetchedAt: number): Observation[] {
  return PARTNERS.flatMap((partner) =>
    HS.flatMap((hs) =>
      (['USD', 'kg'] as const).flatMap((unit) =>
        MONTHS.map((period, i) => ({
          source: 'comtrade',
          reporter: 'CN',
          partner,
          flow: 'export' as const,
          hs,
          period,
          value: (i + 1) * 1000 * scale,
          unit,
          status: 'reported' as const,
          fetchedAt,
        })),
      ),
    ),
  );
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

/**
 * An unchanged re-poll must cost less than storing: it only reads. Measures, on a WAL file
 * database, storing a poll's worth of observations into fresh series versus storing the same
 * batch again (nothing written), median of `runs`.
 */
export function benchUpsert(runs: number): BenchResult {
  const writes: number[] = [];
  const unchanged: number[] = [];
  let rows = 0;
  // The first run warms the JIT and SQLite's statement cache; it is not counted.
  for (let run = -1; run < runs; run++) {
    const dir = mkdtempSync(join(tmpdir(), 'ree-bench-upsert-'));
    const { db } = openDatabase(join(dir, 'ree.db'));
    try {
      const store = new ObservationStore(db);
      const first = batch(1, 1);
      rows = first.length;
      const again = batch(1, 2);
      let started = performance.now();
      store.upsert(first);
      const writeMs = performance.now() - started;
      started = performance.now();
      const result = store.upsert(again);
      const unchangedMs = performance.now() - started;
      if (run >= 0) {
        writes.push(writeMs);
        unchanged.push(unchangedMs);
      }
      if (result.some((series) => series.stored.length > 0 || series.revised.length > 0))
        throw new Error('an unchanged batch was written');
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  const write = median(writes);
  const repeat = median(unchanged);
  return {
    name: 'idempotent upsert',
    workload: `${rows} observations (${PARTNERS.length * HS.length * 2} series × 24 months), re-stored unchanged; median of ${runs}`,
    measured: `${repeat.toFixed(2)} ms unchanged`,
    baseline: `${write.toFixed(2)} ms first write`,
    ratio: write / repeat,
    target: 'unchanged re-poll cheaper than writing (ratio > 1)',
    pass: repeat < write,
    details: { unchangedMs: Number(repeat.toFixed(3)), writeMs: Number(write.toFixed(3)), rows },
  };
}

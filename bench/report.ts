import { mkdirSync, writeFileSync } from 'node:fs';

/** One benchmark row: the measured figure, its baseline from the same run, and the target. */
export interface BenchResult {
  name: string;
  workload: string;
  /** Human-readable absolute figures, e.g. "412 ms" or "1.2 M rows/s". */
  measured: string;
  baseline: string;
  /** measured ÷ baseline in the direction where higher is better; null when there is no baseline. */
  ratio: number | null;
  target: string;
  pass: boolean;
  /** What came out wrong (lost or duplicated messages, rows): a broken benchmark or code, not a slow one. */
  errors?: string[];
  details?: Record<string, number | string>;
}

export function printTable(results: readonly BenchResult[]): string {
  const header = ['benchmark', 'workload', 'measured', 'baseline', 'ratio', 'target', 'result'];
  const rows = results.map((r) => [
    r.name,
    r.workload,
    r.measured,
    r.baseline,
    r.ratio === null ? '–' : r.ratio.toFixed(2),
    r.target,
    r.errors?.length ? `FAIL: ${r.errors.join('; ')}` : r.pass ? 'pass' : 'MISS',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [
    line(header),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

export function writeResults(results: readonly BenchResult[], meta: Record<string, unknown>): string {
  const path = new URL('./results/latest.json', import.meta.url);
  mkdirSync(new URL('./results/', import.meta.url), { recursive: true });
  const json = JSON.stringify({ ...meta, results });
  writeFileSync(path, `${json}\n`);
  return json;
}

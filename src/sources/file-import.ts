import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import type { ObservationStore, SeriesUpsert } from '../store/observations.js';
import { readGaccRows } from './gacc.js';
import { readGenericRows } from './generic-csv.js';
import { ImportError, type ImportFormat, type ImportOptions } from './import-rows.js';
import type { SkippedRow } from './source.js';
import type { Observation } from './types.js';

export { IMPORT_FORMATS, ImportError, type ImportFormat } from './import-rows.js';

export interface ImportReport {
  file: string;
  format: ImportFormat;
  encoding: string;
  rowsRead: number;
  observations: number;
  skipped: { reason: string; count: number }[];
  series: SeriesUpsert[];
}

/** UTF-8 when the bytes are valid UTF-8 (BOM or not), otherwise GB18030, the superset of GBK that GACC exports use. */
export function decodeImportFile(bytes: Buffer): { text: string; encoding: string } {
  try {
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return { text: text.replace(/^\uFEFF/, ''), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(bytes, 'gb18030').replace(/^\uFEFF/, ''), encoding: 'gb18030' };
  }
}

export function parseCsv(text: string): string[][] {
  try {
    return parse(text, { skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (error) {
    throw new ImportError(`not a readable CSV file: ${(error as Error).message}`);
  }
}

/** Reads a GACC export or a generic CSV and stores its rows as observations, one transaction. */
export function importFile(
  path: string,
  options: ImportOptions & { format: ImportFormat },
  observations: ObservationStore,
): ImportReport {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new ImportError(
      `${path}: ${code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(error)})`}`,
    );
  }
  const { text, encoding } = decodeImportFile(bytes);
  const rows = parseCsv(text);
  const skipped: SkippedRow[] = [];
  const read =
    options.format === 'gacc'
      ? readGaccRows(rows, options, skipped)
      : readGenericRows(rows, options, skipped);
  const unique = new Map<string, Observation>();
  for (const observation of read.observations) {
    const key = [
      observation.reporter,
      observation.partner,
      observation.flow,
      observation.hs,
      observation.unit,
      observation.period,
    ].join('|');
    if (unique.has(key)) skipped.push({ reason: 'duplicate row (same series and month)', detail: key });
    else unique.set(key, observation);
  }
  const series = observations.upsert([...unique.values()]);
  const counts = new Map<string, number>();
  for (const row of skipped) counts.set(row.reason, (counts.get(row.reason) ?? 0) + 1);
  return {
    file: path,
    format: options.format,
    encoding,
    rowsRead: read.rowsRead,
    observations: unique.size,
    skipped: [...counts].map(([reason, count]) => ({ reason, count })),
    series,
  };
}

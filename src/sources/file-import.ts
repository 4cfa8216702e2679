import { closeSync, fstatSync, openSync, readFileSync, readSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import type { Observation, SeriesUpsert } from '../model/trade.js';
import { readGaccRows } from './gacc.js';
import { readGenericRows } from './generic-csv.js';
import { ImportError, type ImportFormat, type ImportOptions } from './import-rows.js';
import type { ObservationWriter } from './ports.js';
import type { SkippedRow } from './source.js';

export {
  IMPORT_FORMATS,
  ImportError,
  type ImportFormat,
  type ImportPhase,
  type ImportProgress,
} from './import-rows.js';

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

/** Characters parsed at a time when progress is reported: about a second of work per step at most. */
const PARSE_CHUNK = 4 * 1024 * 1024;
const READ_CHUNK = 4 * 1024 * 1024;

/**
 * Parses CSV text. With `onProgress`, a large text is parsed in pieces cut at record boundaries
 * (never inside a quoted field), which gives the same rows and says how far it got.
 */
export function parseCsv(text: string, onProgress?: (done: number, total: number) => void): string[][] {
  if (!onProgress || text.length <= PARSE_CHUNK) return parseRecords(text);
  const rows: string[][] = [];
  for (let start = 0; start < text.length; ) {
    const end = recordBoundary(text, start, start + PARSE_CHUNK);
    for (const row of parseRecords(text.slice(start, end))) rows.push(row);
    start = end;
    onProgress(start, text.length);
  }
  return rows;
}

function parseRecords(text: string): string[][] {
  try {
    return parse(text, { skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (error) {
    throw new ImportError(`not a readable CSV file: ${(error as Error).message}`);
  }
}

/** The index just after the first line break at or after `from` that is outside quotes (or the end). */
function recordBoundary(text: string, start: number, from: number): number {
  let quoted = false;
  for (let index = start; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === 34 /* " */) quoted = !quoted;
    else if (char === 10 /* \n */ && !quoted && index >= from) return index + 1;
  }
  return text.length;
}

/** The file's bytes, read in pieces so a large file's progress can be shown. */
function readFileBytes(path: string, onProgress?: (done: number, total: number) => void): Buffer {
  if (!onProgress) return readFileSync(path);
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const bytes = Buffer.alloc(size);
    let done = 0;
    while (done < size) {
      const read = readSync(fd, bytes, done, Math.min(READ_CHUNK, size - done), done);
      if (read === 0) break;
      done += read;
      onProgress(done, size);
    }
    return done === size ? bytes : bytes.subarray(0, done);
  } finally {
    closeSync(fd);
  }
}

/** Reads a GACC export or a generic CSV and stores its rows as observations, one transaction. */
export async function importFile(
  path: string,
  options: ImportOptions & { format: ImportFormat },
  observations: ObservationWriter,
): Promise<ImportReport> {
  const progress = options.progress;
  let bytes: Buffer;
  try {
    bytes = readFileBytes(path, progress && ((done, total) => progress('read', done, total)));
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new ImportError(
      `${path}: ${code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(error)})`}`,
    );
  }
  const { text, encoding } = decodeImportFile(bytes);
  const rows = parseCsv(text, progress && ((done, total) => progress('parse', done, total)));
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
  const series = await observations.upsert(
    [...unique.values()],
    progress && ((done, total) => progress('store', done, total)),
  );
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

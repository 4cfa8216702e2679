/** What the file readers share: their options, their error, and number parsing. */

export const IMPORT_FORMATS = ['gacc', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** The steps of an import, in order: bytes read, text parsed, rows turned into observations, stored. */
export type ImportPhase = 'read' | 'parse' | 'rows' | 'store';

/** Told how far an import is: `done` of `total` bytes (read, parse), rows or observations. */
export type ImportProgress = (phase: ImportPhase, done: number, total: number) => void;

export interface ImportOptions {
  /** The flow of every row when the file does not say (GACC exports one flow per file). */
  flow: 'export' | 'import';
  fetchedAt: number;
  /** For a progress bar on large files; called often, so it must be cheap. */
  progress?: ImportProgress;
}

/** How often (in rows) the readers report progress. */
export const PROGRESS_EVERY = 10_000;

/** A file that is not what it claims to be: wrong format, missing columns, unreadable. */
export class ImportError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImportError';
  }
}

/** "1,234.5" → 1234.5; undefined for text that is not a number. */
export function parseAmount(text: string | undefined): number | undefined {
  const cleaned = (text ?? '').replace(/[,\s]/g, '');
  if (!/^-?\d+(\.\d+)?$/.test(cleaned)) return undefined;
  return Number(cleaned);
}

/** What the file readers share: their options, their error, and number parsing. */

export const IMPORT_FORMATS = ['gacc', 'csv'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

export interface ImportOptions {
  /** The flow of every row when the file does not say (GACC exports one flow per file). */
  flow: 'export' | 'import';
  fetchedAt: number;
}

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

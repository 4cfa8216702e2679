import { resolveCountry } from '../countries/index.js';
import type { Observation } from '../model/trade.js';
import { ImportError, type ImportOptions, PROGRESS_EVERY, parseAmount } from './import-rows.js';
import { isPlausibleAmount, monthFromCompact } from './parse.js';
import type { SkippedRow } from './source.js';

const REQUIRED = ['period', 'reporter', 'partner', 'hs', 'value', 'unit'] as const;

const UNITS: Readonly<Record<string, 'USD' | 'kg'>> = {
  usd: 'USD',
  us$: 'USD',
  kg: 'kg',
  kgs: 'kg',
  kilograms: 'kg',
};

/**
 * Rows of a plain CSV with the header `period,reporter,partner,hs,value,unit` (any order, plus an
 * optional `flow` column): period YYYY-MM or YYYYMM, countries as ISO codes or names, unit USD or kg.
 */
export function readGenericRows(
  rows: string[][],
  options: ImportOptions,
  skipped: SkippedRow[],
): { observations: Observation[]; rowsRead: number } {
  const header = (rows[0] ?? []).map((cell) => cell.trim().toLowerCase());
  const missing = REQUIRED.filter((name) => !header.includes(name));
  if (missing.length > 0)
    throw new ImportError(
      `the CSV header lacks ${missing.join(', ')}; expected period,reporter,partner,hs,value,unit (and optionally flow)`,
    );
  const at = (name: string) => header.indexOf(name);
  const observations: Observation[] = [];
  const data = rows.slice(1);
  for (const [index, row] of data.entries()) {
    if (index % PROGRESS_EVERY === 0) options.progress?.('rows', index, data.length);
    const cell = (name: string) => (at(name) < 0 ? '' : (row[at(name)] ?? '').trim());
    const line = `line ${index + 2}`;
    const period = /^\d{4}-\d{2}$/.test(cell('period'))
      ? monthFromCompact(cell('period').replace('-', ''))
      : monthFromCompact(cell('period'));
    const reporter = resolveCountry(cell('reporter'))?.code;
    const partner = resolveCountry(cell('partner'))?.code;
    const hs = cell('hs');
    const unit = UNITS[cell('unit').toLowerCase()];
    const flowText = cell('flow').toLowerCase();
    const flow =
      flowText === '' ? options.flow : flowText === 'export' || flowText === 'import' ? flowText : undefined;
    const value = cell('value') === '' ? null : parseAmount(cell('value'));
    const problem = !period
      ? 'no valid month (YYYY-MM)'
      : !reporter || !partner
        ? 'country not recognised'
        : !/^\d{2,10}$/.test(hs)
          ? 'HS code is not 2 to 10 digits'
          : !unit
            ? 'unit is not USD or kg'
            : !flow
              ? 'flow is not export or import'
              : value === undefined || (value !== null && !isPlausibleAmount(value))
                ? 'value is not a plausible amount'
                : undefined;
    if (problem || !period || !reporter || !partner || !unit || !flow || value === undefined) {
      skipped.push({ reason: problem ?? 'unreadable row', detail: line });
      continue;
    }
    observations.push({
      source: 'csv',
      reporter,
      partner,
      flow,
      hs,
      period,
      value,
      unit,
      // An empty value is a month published without a figure (confidential), never a zero.
      status: value === null ? 'suppressed' : 'reported',
      fetchedAt: options.fetchedAt,
    });
  }
  options.progress?.('rows', data.length, data.length);
  return { observations, rowsRead: data.length };
}

import { resolveCountry } from '../countries/index.js';
import type { Observation } from '../model/trade.js';
import { ImportError, type ImportOptions, PROGRESS_EVERY, parseAmount } from './import-rows.js';
import { isPlausibleAmount, monthFromCompact } from './parse.js';
import type { SkippedRow } from './source.js';

/**
 * GACC's statistics portal names partners in Chinese; its own partner codes (贸易伙伴编码) are not ISO
 * or M49, so the name identifies the country (src/countries/local-names.ts). These are the portal's
 * words for the total of all partners, which are no country's name.
 */
const TOTALS: Readonly<Record<string, string>> = { 总值: 'WORLD', 合计: 'WORLD' };

const KG_UNITS = new Set(['千克', '公斤', 'kg', 'KG']);

/** Header names seen in GACC exports (数据年月 or 月份; 美元, 美元值 or 人民币 depending on the currency chosen). */
const COLUMNS = {
  month: ['数据年月', '月份'],
  code: ['商品编码'],
  partner: ['贸易伙伴名称'],
  firstQuantity: ['第一数量'],
  firstUnit: ['第一计量单位'],
  secondQuantity: ['第二数量'],
  secondUnit: ['第二计量单位'],
  usd: ['美元', '美元值'],
  cny: ['人民币', '人民币值', '人民币元'],
} as const;

/**
 * Rows of a CSV exported from China customs' statistics portal (stats.customs.gov.cn): reporter
 * China, flow as chosen in the query, value in USD and net weight in kg when the unit is 千克.
 */
export function readGaccRows(
  rows: string[][],
  options: ImportOptions,
  skipped: SkippedRow[],
): { observations: Observation[]; rowsRead: number } {
  const headerAt = rows.findIndex((row) => row.includes('商品编码'));
  if (headerAt < 0)
    throw new ImportError(
      'not a GACC export: no 商品编码 (commodity code) column; use --format csv for other files',
    );
  const header = (rows[headerAt] ?? []).map((cell) => cell.trim());
  const column = (names: readonly string[]) => header.findIndex((cell) => names.includes(cell));
  const at = Object.fromEntries(
    Object.entries(COLUMNS).map(([key, names]) => [key, column(names)]),
  ) as Record<keyof typeof COLUMNS, number>;
  if (at.month < 0)
    throw new ImportError(
      'the GACC file has no month column (数据年月); tick 分月展示 (show by month) when exporting',
    );
  if (at.usd < 0)
    throw new ImportError(
      at.cny >= 0
        ? 'the GACC file has values in 人民币 (CNY); export it in 美元 (USD) so it matches the other sources'
        : 'the GACC file has no 美元 (USD) value column',
    );
  if (at.partner < 0) throw new ImportError('the GACC file has no 贸易伙伴名称 (trading partner) column');

  const observations: Observation[] = [];
  const data = rows.slice(headerAt + 1);
  for (const [index, row] of data.entries()) {
    if (index % PROGRESS_EVERY === 0) options.progress?.('rows', index, data.length);
    const cell = (index: number) => (index < 0 ? '' : (row[index] ?? '').trim());
    const period = monthFromCompact(cell(at.month).replace(/\D/g, ''));
    const hs = cell(at.code).replace(/\D/g, '');
    const partnerName = cell(at.partner);
    const partner = TOTALS[partnerName] ?? resolveCountry(partnerName)?.code;
    if (!period) {
      skipped.push({ reason: 'no valid month (YYYYMM)', detail: cell(at.month) });
      continue;
    }
    if (hs.length < 2) {
      skipped.push({ reason: 'no commodity code', detail: cell(at.code) });
      continue;
    }
    if (!partner) {
      skipped.push({ reason: 'trading partner not recognised', detail: partnerName });
      continue;
    }
    const base = {
      source: 'gacc',
      reporter: 'CN',
      partner,
      flow: options.flow,
      hs,
      period,
      fetchedAt: options.fetchedAt,
    } as const;
    const usd = parseAmount(cell(at.usd));
    if (usd === undefined || !isPlausibleAmount(usd)) {
      skipped.push({
        reason: 'value is not a plausible USD amount',
        detail: `${period} ${partnerName} ${cell(at.usd)}`,
      });
      continue;
    }
    observations.push({ ...base, value: usd, unit: 'USD', status: 'reported' });
    const kg =
      weightInKg(cell(at.firstQuantity), cell(at.firstUnit)) ??
      weightInKg(cell(at.secondQuantity), cell(at.secondUnit));
    if (kg !== undefined) observations.push({ ...base, value: kg, unit: 'kg', status: 'reported' });
  }
  options.progress?.('rows', data.length, data.length);
  return { observations, rowsRead: data.length };
}

function weightInKg(quantity: string, unit: string): number | undefined {
  if (!KG_UNITS.has(unit.trim())) return undefined;
  const value = parseAmount(quantity);
  return value !== undefined && isPlausibleAmount(value) ? value : undefined;
}

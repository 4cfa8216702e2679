import { resolveCountry } from '../countries/index.js';
import type { Observation } from '../model/trade.js';
import { ImportError, type ImportOptions, PROGRESS_EVERY, parseAmount } from './import-rows.js';
import { isPlausibleAmount, monthFromCompact } from './parse.js';
import type { SkippedRow } from './source.js';

/**
 * Chinese partner names as GACC's statistics portal writes them → ISO codes. The portal's own
 * partner codes (贸易伙伴编码) are not ISO or M49, so the name is what identifies a country.
 */
const PARTNERS: Readonly<Record<string, string>> = {
  世界: 'WORLD',
  全球: 'WORLD',
  总值: 'WORLD',
  合计: 'WORLD',
  印度: 'IN',
  美国: 'US',
  日本: 'JP',
  韩国: 'KR',
  德国: 'DE',
  越南: 'VN',
  泰国: 'TH',
  印度尼西亚: 'ID',
  马来西亚: 'MY',
  菲律宾: 'PH',
  新加坡: 'SG',
  中国台湾: 'TW',
  中国香港: 'HK',
  意大利: 'IT',
  法国: 'FR',
  英国: 'GB',
  荷兰: 'NL',
  比利时: 'BE',
  西班牙: 'ES',
  波兰: 'PL',
  捷克: 'CZ',
  奥地利: 'AT',
  瑞士: 'CH',
  瑞典: 'SE',
  土耳其: 'TR',
  墨西哥: 'MX',
  巴西: 'BR',
  加拿大: 'CA',
  澳大利亚: 'AU',
  俄罗斯联邦: 'RU',
  以色列: 'IL',
  阿联酋: 'AE',
  阿拉伯联合酋长国: 'AE',
  巴基斯坦: 'PK',
  孟加拉国: 'BD',
  南非: 'ZA',
};

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
    const partner = PARTNERS[partnerName] ?? resolveCountry(partnerName)?.code;
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

import { z } from 'zod';
import type { Observation } from '../model/trade.js';
import { isPlausibleAmount, monthFromCompact } from './parse.js';
import type { SkippedRow, TradeRequest } from './source.js';

/** One Comtrade record as on the wire, reduced to the fields ree-watch reads (others pass unchecked). */
export const recordSchema = z.object({
  freqCode: z.string(),
  refMonth: z.number().int(),
  period: z.union([z.string(), z.number()]),
  reporterCode: z.number().int(),
  partnerCode: z.number().int(),
  partner2Code: z.number().int().nullish(),
  flowCode: z.string(),
  cmdCode: z.string(),
  customsCode: z.string().nullish(),
  motCode: z.number().int().nullish(),
  primaryValue: z.number().nullable(),
  netWgt: z.number().nullish(),
  isNetWgtEstimated: z.boolean().nullish(),
  // The quantity and its unit: some rows carry the weight here (unit 8, "kg") with netWgt null or 0.
  qty: z.number().nullish(),
  qtyUnitCode: z.number().int().nullish(),
  qtyUnitAbbr: z.string().nullish(),
  isQtyEstimated: z.boolean().nullish(),
});
export type ComtradeRecord = z.infer<typeof recordSchema>;

/** Comtrade's quantity unit for kilograms (its unit list: code 8, abbreviation "kg"). */
const KG_UNIT_CODE = 8;

/**
 * The weight of a record in kg, or null when it is not reported. Comtrade writes 0 (or null) in
 * `netWgt` when the reporter gave no weight, often beside a reported value: that is "not reported",
 * never a zero (a zero would read as a 100 % drop). Some rows carry the weight in `qty` instead.
 */
export function weightOf(record: ComtradeRecord): { kg: number | null; estimated: boolean } {
  if (record.netWgt != null && record.netWgt > 0)
    return { kg: record.netWgt, estimated: record.isNetWgtEstimated === true };
  const inKg = record.qtyUnitCode === KG_UNIT_CODE || record.qtyUnitAbbr?.toLowerCase() === 'kg';
  if (inKg && record.qty != null && record.qty > 0)
    return { kg: record.qty, estimated: record.isQtyEstimated === true };
  return { kg: null, estimated: false };
}

/**
 * Monthly observations from validated records: annual rows, breakdown rows, rows for something not
 * asked for, absurd figures and duplicates are skipped and counted; a month listed without a figure
 * (or a weight of 0 beside a value: "not reported") becomes a gap (null, suppressed), never a zero.
 */
export function toObservations(
  records: { record: ComtradeRecord }[],
  request: TradeRequest,
  reporter: number,
  partner: number,
  fetchedAt: number,
  skipped: SkippedRow[],
): Observation[] {
  const flowCode = request.flow === 'export' ? 'X' : 'M';
  const byKey = new Map<string, Observation>();
  for (const { record } of records) {
    if (record.freqCode !== 'M' || record.refMonth === 52) {
      skipped.push({ reason: 'annual row ignored' });
      continue;
    }
    if (
      (record.partner2Code ?? 0) !== 0 ||
      (record.motCode ?? 0) !== 0 ||
      (record.customsCode ?? 'C00') !== 'C00'
    ) {
      skipped.push({ reason: 'breakdown row (second partner, transport mode or customs procedure) ignored' });
      continue;
    }
    if (record.reporterCode !== reporter || record.partnerCode !== partner || record.flowCode !== flowCode) {
      skipped.push({ reason: 'row for another reporter, partner or flow' });
      continue;
    }
    const period = monthFromCompact(record.period);
    if (!period || !request.hs.includes(record.cmdCode)) {
      skipped.push({
        reason: period ? 'row for a commodity not asked for' : 'row without a valid month',
        detail: String(record.period),
      });
      continue;
    }
    const weight = weightOf(record);
    for (const unit of request.units) {
      const raw = unit === 'USD' ? record.primaryValue : weight.kg;
      if (raw !== null && !isPlausibleAmount(raw)) {
        skipped.push({ reason: 'absurd value', detail: `${period} ${record.cmdCode} ${unit} ${raw}` });
        continue;
      }
      const key = `${period}|${record.cmdCode}|${unit}`;
      if (byKey.has(key)) {
        skipped.push({ reason: 'duplicate row', detail: key });
        continue;
      }
      byKey.set(key, {
        source: 'comtrade',
        reporter: request.reporter,
        partner: request.partner,
        flow: request.flow,
        hs: record.cmdCode,
        period,
        value: raw,
        unit,
        // A month listed without a figure is not a zero: store it as a gap the rules skip.
        status: raw === null ? 'suppressed' : unit === 'kg' && weight.estimated ? 'estimated' : 'reported',
        fetchedAt,
      });
    }
  }
  return [...byKey.values()];
}

/** "2 × absurd value, 1 × duplicate row", for error messages. */
export function summarise(skipped: readonly SkippedRow[]): string {
  const counts = new Map<string, number>();
  for (const row of skipped) counts.set(row.reason, (counts.get(row.reason) ?? 0) + 1);
  return [...counts].map(([reason, count]) => `${count} × ${reason}`).join(', ');
}

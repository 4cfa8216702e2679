/**
 * UN Comtrade answers in their wire shapes, for the demo's snapshot server and the tests' fixture
 * servers. Monthly data rows start from a REAL captured record (all 47 keys in wire order, same JSON
 * types), passed in by the caller, with only the fields that name the month, partner, commodity and
 * figures changed; availability rows use the real getDA field names.
 */

export interface Party {
  code: number;
  iso: string;
  desc: string;
}

/** Comtrade's success envelope exactly as on the wire: elapsedTime, count, data, error. */
export function comtradeEnvelope(data: unknown[]): {
  elapsedTime: string;
  count: number;
  data: unknown[];
  error: string;
} {
  return { elapsedTime: '0.09 secs', count: data.length, data, error: '' };
}

/** One getDA row: a reporter's monthly dataset for `month` (YYYY-MM), released at `release`. */
export function availabilityRecord(reporter: Party, month: string, release: string): Record<string, unknown> {
  return {
    datasetCode: Number(`3${reporter.code}${month.replace('-', '')}182100`),
    typeCode: 'C',
    freqCode: 'M',
    period: Number(month.replace('-', '')),
    reporterCode: reporter.code,
    reporterISO: reporter.iso,
    reporterDesc: reporter.desc,
    classificationCode: 'H6',
    classificationSearchCode: 'HS',
    isOriginalClassification: true,
    isExtendedFlowCode: false,
    isExtendedPartnerCode: true,
    isExtendedPartner2Code: false,
    isExtendedCmdCode: true,
    isExtendedCustomsCode: false,
    isExtendedMotCode: false,
    totalRecords: 112758,
    datasetChecksum: -1349955130,
    firstReleased: release,
    lastReleased: release,
  };
}

export interface MonthlyFields {
  /** YYYY-MM */
  month: string;
  partner: Party;
  cmdCode: string;
  cmdDesc: string;
  aggrLevel: number;
  kg: number | null;
  usd: number | null;
}

/**
 * A monthly record: the captured `template` with the month, partner, commodity and figures of `fields`;
 * `overrides` (another reporter, flow or classification) apply first, keeping the template's key order.
 */
export function monthlyRecordFrom(
  template: Record<string, unknown>,
  fields: MonthlyFields,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  const [year, month] = fields.month.split('-').map(Number) as [number, number];
  return {
    ...template,
    ...overrides,
    freqCode: 'M',
    refPeriodId: year * 10000 + month * 100 + 1,
    refYear: year,
    refMonth: month,
    period: fields.month.replace('-', ''),
    partnerCode: fields.partner.code,
    partnerISO: fields.partner.iso,
    partnerDesc: fields.partner.desc,
    cmdCode: fields.cmdCode,
    cmdDesc: fields.cmdDesc,
    aggrLevel: fields.aggrLevel,
    isLeaf: fields.aggrLevel === 6,
    qtyUnitCode: 8,
    qtyUnitAbbr: 'kg',
    qty: fields.kg,
    netWgt: fields.kg,
    fobvalue: fields.usd,
    primaryValue: fields.usd,
  };
}

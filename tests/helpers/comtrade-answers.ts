import {
  availabilityRecord,
  comtradeEnvelope,
  monthlyRecordFrom,
} from '../../src/demo/fakes/comtrade-wire.js';
import { type Answer, fixture, json } from './fixture-server.js';

/**
 * Comtrade answers for months the recorded fixtures do not cover. Every record is the REAL captured
 * record (tests/fixtures/comtrade/data-v1-get_C-A-HS_reporter156_2010.json, all 47 keys in wire
 * order, same JSON types) with only the fields that name the month, partner, commodity and figures
 * changed; the figures are illustrative. Availability rows use the real getDA field names.
 */
const captured = JSON.parse(
  fixture('comtrade/data-v1-get_C-A-HS_reporter156_2010.json').toString('utf8'),
) as {
  data: Record<string, unknown>[];
};
const exportRecord = captured.data.find((record) => record.flowCode === 'X') as Record<string, unknown>;

export interface MonthFigure {
  month: string; // YYYY-MM
  usd: number | null;
  kg: number | null;
}

export interface RecordOptions {
  partnerCode?: number;
  partnerISO?: string;
  partnerDesc?: string;
  cmdCode?: string;
  /** Another reporter than China (the captured record's): Comtrade code, ISO alpha-3, name. */
  reporter?: { code: number; iso: string; desc: string };
  /** Import rows carry flowCode M; the captured record is an export (X). */
  flow?: 'export' | 'import';
}

const PARTNERS: Record<number, { iso: string; desc: string }> = {
  0: { iso: 'W00', desc: 'World' },
  699: { iso: 'IND', desc: 'India' },
  842: { iso: 'USA', desc: 'USA' },
  392: { iso: 'JPN', desc: 'Japan' },
};

const MAGNETS =
  'Magnets; permanent magnets and articles intended to become permanent magnets after magnetisation, of metal';

/** One monthly export record of China in the captured wire shape. */
export function monthlyRecord(figure: MonthFigure, options: RecordOptions = {}): Record<string, unknown> {
  const partnerCode = options.partnerCode ?? 699;
  const partner = PARTNERS[partnerCode] ?? {
    iso: options.partnerISO ?? 'XXX',
    desc: options.partnerDesc ?? 'Other',
  };
  return monthlyRecordFrom(
    exportRecord,
    {
      month: figure.month,
      partner: { code: partnerCode, ...partner },
      cmdCode: options.cmdCode ?? '850511',
      cmdDesc: MAGNETS,
      aggrLevel: 6,
      kg: figure.kg,
      usd: figure.usd,
    },
    {
      ...(options.reporter
        ? {
            reporterCode: options.reporter.code,
            reporterISO: options.reporter.iso,
            reporterDesc: options.reporter.desc,
          }
        : {}),
      ...(options.flow === 'import' ? { flowCode: 'M', flowDesc: 'Import' } : {}),
    },
  );
}

/** The success envelope exactly as on the wire: elapsedTime, count, data, error. */
export const envelope = comtradeEnvelope;

/** `count` months before `now`'s month, oldest first, with a plausible magnet series (a dip in Apr–May 2025). */
export function magnetMonths(now: number, count = 24): MonthFigure[] {
  const date = new Date(now);
  const figures: MonthFigure[] = [];
  for (let back = count; back >= 1; back--) {
    const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - back, 1));
    const month = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
    const dip = month === '2025-04' ? 0.5 : month === '2025-05' ? 0.25 : 1;
    const kg = Math.round((400_000 + (back % 5) * 20_000) * dip);
    figures.push({ month, kg, usd: kg * 31 });
  }
  return figures;
}

/** A getDa answer listing monthly datasets of a reporter (real field names; values illustrative). */
export function availability(
  reporterCode: number,
  months: string[],
  release = '2025-08-14T10:53:32.8266667',
  reporter: { iso: string; desc: string } = { iso: 'CHN', desc: 'China' },
): unknown {
  return envelope(
    months.map((month) => availabilityRecord({ code: reporterCode, ...reporter }, month, release)),
  );
}

/** A preview/data route that answers only the months asked for in `period`, as Comtrade does. */
export function dataRoute(
  source: MonthFigure[] | (() => MonthFigure[]),
  options: RecordOptions = {},
): Answer {
  return (req, res) => {
    const months = typeof source === 'function' ? source() : source;
    const periods = (new URL(req.url ?? '', 'http://x').searchParams.get('period') ?? '').split(',');
    const rows = months
      .filter((m) => periods.includes(m.month.replace('-', '')))
      .map((m) => monthlyRecord(m, options));
    return json(envelope(rows))(req, res);
  };
}

import { readFileSync } from 'node:fs';
import type { ComtradeQuery } from './fakes/comtrade-rules.js';
import {
  availabilityRecord,
  comtradeEnvelope,
  monthlyRecordFrom,
  type Party,
} from './fakes/comtrade-wire.js';
import { TRADE_SERIES, type TradeSeries } from './snapshot/trade.js';
import { releasedAt } from './timeline.js';

/**
 * UN Comtrade answers for the snapshot's series. Every data row is the REAL captured record
 * (snapshot/comtrade/) with only the fields that name the month, partner, commodity and figures
 * changed (see src/demo/fakes/comtrade-wire.ts, which the tests' fixture servers use too).
 */

const captured = JSON.parse(
  readFileSync(
    new URL('./snapshot/comtrade/data-v1-get_C-A-HS_reporter156_2010.json', import.meta.url),
    'utf8',
  ),
) as { data: Record<string, unknown>[] };
const exportRecord = captured.data.find((record) => record.flowCode === 'X') as Record<string, unknown>;

const CHINA: Party = { code: 156, iso: 'CHN', desc: 'China' };
const PARTNERS: Record<TradeSeries['partner'], Party> = {
  WORLD: { code: 0, iso: 'W00', desc: 'World' },
  IN: { code: 699, iso: 'IND', desc: 'India' },
  US: { code: 842, iso: 'USA', desc: 'USA' },
  JP: { code: 392, iso: 'JPN', desc: 'Japan' },
};

/** HS 2022 descriptions; Comtrade's own wording was captured only for 850511. */
const COMMODITIES: Record<string, { desc: string; level: number }> = {
  '850511': {
    desc: 'Magnets; permanent magnets and articles intended to become permanent magnets after magnetisation, of metal',
    level: 6,
  },
  '2846': {
    desc: 'Compounds, inorganic or organic, of rare-earth metals, of yttrium or of scandium or of mixtures of these metals',
    level: 4,
  },
  '280530': {
    desc: 'Rare-earth metals, scandium and yttrium; whether or not intermixed or interalloyed',
    level: 6,
  },
};

/** Illustrative USD per kg for `primaryValue`; the demo's watchlists read weight, so it is never stored. */
const USD_PER_KG: Record<string, number> = { '850511': 45, '2846': 8, '280530': 40 };

const months = [...new Set(TRADE_SERIES.flatMap((series) => Object.keys(series.figures)))].sort();

/** The months of the snapshot, oldest first. */
export const SNAPSHOT_MONTHS: readonly string[] = months;

/** `getDa`: one row per month China's figures were public at `now`, with its release as lastReleased. */
export function availabilityAnswer(query: URLSearchParams, now: number): unknown {
  if (Number(query.get('reporterCode')) !== CHINA.code) return comtradeEnvelope([]);
  const released = months.filter((month) => releasedAt(month) <= now);
  return comtradeEnvelope(
    // Real lastReleased values have no time zone and seven fractional digits.
    released.map((month) =>
      availabilityRecord(CHINA, month, `${new Date(releasedAt(month)).toISOString().slice(0, 19)}.0000000`),
    ),
  );
}

/** China's availability list (getDa) at `now`, for any reporter asked. */
export function availabilityOf(reporter: number, now: number): unknown {
  return availabilityAnswer(new URLSearchParams({ reporterCode: String(reporter) }), now);
}

/** China's export rows for the partners, commodities and months asked, as far as public at `now`. */
export function previewRows(query: ComtradeQuery, now: number): Record<string, unknown>[] {
  if (query.reporter !== CHINA.code || query.flow !== 'X') return [];
  const rows: Record<string, unknown>[] = [];
  for (const series of TRADE_SERIES) {
    const partner = PARTNERS[series.partner];
    if (!query.partners.includes(partner.code) || !query.cmdCodes.includes(series.hs)) continue;
    for (const [month, figure] of Object.entries(series.figures)) {
      if (!query.periods.includes(month) || releasedAt(month) > now) continue;
      rows.push(monthlyRecord(series, partner, month, Math.round(figure.tonnes * 1000)));
    }
  }
  return rows;
}

function monthlyRecord(
  series: TradeSeries,
  partner: Party,
  month: string,
  kg: number,
): Record<string, unknown> {
  const commodity = COMMODITIES[series.hs] ?? { desc: series.hs, level: series.hs.length };
  const usd = Math.round(kg * (USD_PER_KG[series.hs] ?? 10));
  return monthlyRecordFrom(
    exportRecord,
    { month, partner, cmdCode: series.hs, cmdDesc: commodity.desc, aggrLevel: commodity.level, kg, usd },
    { classificationCode: 'H6' },
  );
}

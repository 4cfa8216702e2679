import { z } from 'zod';
import type { Observation } from '../model/trade.js';
import { keyProblem } from './census-key.js';
import { isPlausibleAmount, parseJson, recentMonths, validate } from './parse.js';
import type { SkippedRow, SourceProvider, TradeFetchResult, TradeRequest, TradeSource } from './source.js';
import { SourceError } from './types.js';

export interface CensusOptions {
  apiUrl: string;
  apiKey?: string | undefined;
  /** Months back each poll asks for; over a year, so April's annual revisions are seen. */
  monthsBack?: number;
}

/**
 * Census Schedule C country codes (CTY_CODE) of the usual trade partners, with the CTY_NAME the API
 * answers with; "-" is the total for all countries. The returned name is checked, never assumed.
 */
export const CENSUS_COUNTRIES: Readonly<Record<string, { code: string; name: string }>> = {
  WORLD: { code: '-', name: 'TOTAL FOR ALL COUNTRIES' },
  CA: { code: '1220', name: 'CANADA' },
  MX: { code: '2010', name: 'MEXICO' },
  BR: { code: '3510', name: 'BRAZIL' },
  GB: { code: '4120', name: 'UNITED KINGDOM' },
  NL: { code: '4210', name: 'NETHERLANDS' },
  FR: { code: '4279', name: 'FRANCE' },
  DE: { code: '4280', name: 'GERMANY' },
  IT: { code: '4759', name: 'ITALY' },
  IN: { code: '5330', name: 'INDIA' },
  TH: { code: '5490', name: 'THAILAND' },
  VN: { code: '5520', name: 'VIETNAM' },
  MY: { code: '5570', name: 'MALAYSIA' },
  SG: { code: '5590', name: 'SINGAPORE' },
  ID: { code: '5600', name: 'INDONESIA' },
  PH: { code: '5650', name: 'PHILIPPINES' },
  CN: { code: '5700', name: 'CHINA' },
  KR: { code: '5800', name: 'KOREA, SOUTH' },
  TW: { code: '5830', name: 'TAIWAN' },
  JP: { code: '5880', name: 'JAPAN' },
  AU: { code: '6021', name: 'AUSTRALIA' },
};

const LEVELS: Record<number, string> = { 2: 'HS2', 4: 'HS4', 6: 'HS6', 10: 'HS10' };

// An array of arrays of strings whose first row names the columns (predicates are echoed as columns).
const tableSchema = z.array(z.array(z.string().nullable())).min(1, 'expected a header row');

/** US Census international trade in goods, monthly, by HS code and partner (US trade only, USD). */
export function createCensusSource(options: CensusOptions): TradeSource {
  const base = options.apiUrl.replace(/\/+$/, '');
  const monthsBack = options.monthsBack ?? 24;

  return {
    name: 'census',
    kind: 'trade',
    healthKey: () => 'census',
    describe: (request) => `${request.reporter}→${request.partner} ${request.flow} ${request.hs.join(',')}`,

    async fetch(request, context) {
      const problem = unsupported(request);
      if (problem) throw new SourceError('census', 'malformed', `${base}/data/timeseries/intltrade`, problem);
      const partner = CENSUS_COUNTRIES[request.partner] as { code: string; name: string };
      const from = recentMonths(context.clock.now(), monthsBack)[0] as string;
      const observations: Observation[] = [];
      const skipped: SkippedRow[] = [];
      let unchanged = 0;
      const unpublished: string[] = [];
      for (const hs of request.hs) {
        const exports = request.flow === 'export';
        const url = new URL(`${base}/data/timeseries/intltrade/${exports ? 'exports' : 'imports'}/hs`);
        url.searchParams.set('get', `CTY_NAME,${exports ? 'ALL_VAL_MO' : 'GEN_VAL_MO'}`);
        url.searchParams.set(exports ? 'E_COMMODITY' : 'I_COMMODITY', hs);
        url.searchParams.set('COMM_LVL', LEVELS[hs.length] as string);
        url.searchParams.set('CTY_CODE', partner.code);
        url.searchParams.set('time', `from ${from}`);
        if (options.apiKey) url.searchParams.set('key', options.apiKey);
        const origin = { source: 'census', url: url.toString() };
        const response = await context.http.get(url, { accept: 'application/json' });
        if (response.notModified) {
          unchanged++;
          continue;
        }
        // 204 with no body: the Census has published nothing for this query (yet), which is not a failure.
        if (response.status === 204) {
          unpublished.push(hs);
          continue;
        }
        const problem = keyProblem(response.url, response.body, Boolean(options.apiKey));
        if (problem)
          throw new SourceError('census', 'http-status', origin.url, problem, { status: response.status });
        const table = validate(tableSchema, parseJson(response.body, origin), origin, 'a Census table');
        const rows = readTable(table, exports ? 'ALL_VAL_MO' : 'GEN_VAL_MO', origin.url);
        const before = observations.length;
        for (const row of rows) {
          if (row.name !== null && row.name.toUpperCase() !== partner.name) {
            skipped.push({ reason: 'row for another country', detail: row.name });
            continue;
          }
          if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(row.time)) {
            skipped.push({ reason: 'row without a valid month', detail: row.time });
            continue;
          }
          // "-" (or an empty cell) is a month the Census publishes without a figure.
          const missing = row.value === '-' || row.value === '' || row.value === null;
          const value = missing ? null : Number(row.value);
          if (value !== null && (!/^-?\d+(\.\d+)?$/.test(String(row.value)) || !isPlausibleAmount(value))) {
            skipped.push({ reason: 'absurd value', detail: `${row.time} ${row.value}` });
            continue;
          }
          observations.push({
            source: 'census',
            reporter: 'US',
            partner: request.partner,
            flow: request.flow,
            hs,
            period: row.time,
            value,
            unit: 'USD',
            status: value === null ? 'suppressed' : 'reported',
            fetchedAt: context.clock.now(),
          });
        }
        if (observations.length === before)
          throw new SourceError(
            'census',
            rows.length === 0 ? 'empty' : 'malformed',
            origin.url,
            rows.length === 0
              ? `no rows for ${hs} from ${from}`
              : `none of the ${rows.length} rows could be used`,
          );
      }
      const result: TradeFetchResult = { observations, skipped };
      if (observations.length === 0 && unpublished.length > 0)
        result.unchanged = `no data published for HS ${unpublished.join(', ')} from ${from} (the Census answered 204, no content)`;
      else if (observations.length === 0 && unchanged > 0)
        result.unchanged = 'not modified since the last poll (304)';
      return result;
    },
  };
}

function unsupported(request: TradeRequest): string | undefined {
  if (request.reporter !== 'US')
    return `the Census publishes US trade only; reporter must be US, not ${request.reporter} (${request.watchlists.join(', ')})`;
  if (!CENSUS_COUNTRIES[request.partner])
    return `no Census country code known for partner ${request.partner}; known: ${Object.keys(CENSUS_COUNTRIES).join(', ')}`;
  if (request.units.includes('kg')) return 'the Census monthly HS series are in USD only; use measure: value';
  const bad = request.hs.find((hs) => !LEVELS[hs.length]);
  if (bad) return `HS code ${bad} has ${bad.length} digits; the Census offers 2, 4, 6 or 10`;
  return undefined;
}

/** Finds columns by header name (their position depends on the query) and returns one record per row. */
function readTable(
  table: (string | null)[][],
  valueColumn: string,
  url: string,
): { name: string | null; value: string | null; time: string }[] {
  const [headerRow, ...rows] = table;
  const columns = (headerRow ?? []).map((name) => name ?? '');
  const valueAt = columns.indexOf(valueColumn);
  const timeAt = columns.indexOf('time');
  const nameAt = columns.indexOf('CTY_NAME');
  if (valueAt < 0 || timeAt < 0)
    throw new SourceError(
      'census',
      'malformed',
      url,
      `the table has no ${valueAt < 0 ? valueColumn : 'time'} column (columns: ${columns.join(', ')})`,
    );
  return rows.map((row) => ({
    name: nameAt < 0 ? null : (row[nameAt] ?? null),
    value: row[valueAt] ?? null,
    time: row[timeAt] ?? '',
  }));
}

/** US Census international trade: CENSUS_API_URL, CENSUS_API_KEY. */
export const censusProvider: SourceProvider = {
  name: 'census',
  kind: 'trade',
  configKeys: ['CENSUS_API_URL', 'CENSUS_API_KEY'],
  create: (sources) => createCensusSource({ apiUrl: sources.census.apiUrl, apiKey: sources.census.apiKey }),
};

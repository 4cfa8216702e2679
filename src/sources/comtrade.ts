import { z } from 'zod';
import { countryByCode } from '../countries/index.js';
import { type ComtradeRecord, recordSchema, summarise, toObservations } from './comtrade-records.js';
import { monthFromCompact, type Origin, parseJson, recentMonths, validate } from './parse.js';
import type { FetchContext, SkippedRow, TradeFetchResult, TradeRequest, TradeSource } from './source.js';
import { SourceError } from './types.js';

export interface ComtradeOptions {
  apiUrl: string;
  apiKey?: string | undefined;
  /** How many months back each poll looks (revisions of older months are rare). */
  monthsBack?: number;
}

/** The preview API returns at most this many rows; a full page means rows may be missing. */
export const PREVIEW_ROW_CAP = 500;
const PERIODS_PER_REQUEST = 12;

// Envelope and record as on the wire (see tests/fixtures/comtrade): `period` is a string for
// annual data and may be a number for monthly data, so both are accepted.
const envelopeSchema = z.object({
  count: z.number().int().nonnegative().optional(),
  data: z.array(z.unknown()),
  error: z.string().nullish(),
});

// Data availability (getDa): one row per reporter and period; lastReleased + checksum change on republication.
const availabilitySchema = z.object({
  data: z.array(
    z.object({
      period: z.union([z.string(), z.number()]),
      reporterCode: z.union([z.number(), z.string()]),
      lastReleased: z.string().nullish(),
      datasetChecksum: z.union([z.number(), z.string()]).nullish(),
      totalRecords: z.number().nullish(),
    }),
  ),
});

/** What the answers of one fetch amounted to besides their records. */
interface Tally {
  skipped: SkippedRow[];
  asked: Origin[];
  /** Answers identical to the ones last stored for their URL (not parsed). */
  sameAsStored: number;
}

/** UN Comtrade monthly goods trade (HS), through the keyless preview API or the keyed data API. */
export function createComtradeSource(options: ComtradeOptions): TradeSource {
  const base = options.apiUrl.replace(/\/+$/, '');
  const keyed = Boolean(options.apiKey);
  const prefix = keyed ? `${base}/data/v1` : `${base}/public/v1`;
  const headers: Record<string, string> = options.apiKey
    ? { 'Ocp-Apim-Subscription-Key': options.apiKey }
    : {};
  const monthsBack = options.monthsBack ?? 24;
  // One availability answer per reporter and poll, shared by every request for that reporter.
  const availability = new Map<number, Promise<Map<string, string> | undefined>>();

  const source: TradeSource = {
    name: 'comtrade',
    kind: 'trade',
    healthKey: () => 'comtrade',
    describe: (request) => `${request.reporter}→${request.partner} ${request.flow} ${request.hs.join(',')}`,

    async fetch(request, context) {
      const reporter = comtradeCode(request.reporter, 'reporter', request);
      const partner = comtradeCode(request.partner, 'partner', request);
      // The units too: a weight watchlist added to a route polled for value must not find it up to date.
      const requestKey = `comtrade|${reporter}|${partner}|${request.flow}|${request.hs.join(',')}|${unitsOf(request)}`;
      const periods = recentMonths(context.clock.now(), monthsBack);

      let released = availability.get(reporter);
      if (!released) {
        released = fetchAvailability(reporter, context);
        availability.set(reporter, released);
      }
      const releases = await released;
      const seen = context.releases.forRequest(requestKey);
      const wanted = releases
        ? periods.filter((period) => releases.has(period) && releases.get(period) !== seen.get(period))
        : periods;
      if (wanted.length === 0) {
        const none = releases && !periods.some((period) => releases.has(period));
        return {
          observations: [],
          skipped: [],
          unchanged: none
            ? `Comtrade lists no monthly data for reporter ${request.reporter} in the last ${monthsBack} months`
            : 'no new Comtrade release since the last poll',
        };
      }

      const records: { record: ComtradeRecord; origin: Origin }[] = [];
      const tally: Tally = { skipped: [], asked: [], sameAsStored: 0 };
      const { skipped, asked } = tally;
      for (let i = 0; i < wanted.length; i += PERIODS_PER_REQUEST) {
        const chunk = wanted.slice(i, i + PERIODS_PER_REQUEST);
        records.push(...(await fetchPeriods(chunk, reporter, partner, request, context, tally)));
      }
      // Rows that failed the record schema were received too: "no rows" would send people the wrong way.
      const rows = records.length + skipped.length;
      const observations = toObservations(records, request, reporter, partner, context.clock.now(), skipped);
      if (releases) {
        const fetched = new Map(wanted.map((period) => [period, releases.get(period) ?? '']));
        context.afterStore(() => context.releases.record(requestKey, fetched, context.clock.now()));
      }
      if (observations.length === 0 && rows === 0 && tally.sameAsStored > 0)
        return {
          observations: [],
          skipped: [],
          unchanged: 'Comtrade republished these months with exactly the figures already stored',
        };
      if (observations.length === 0) {
        const origin = asked.at(-1) ?? { source: 'comtrade', url: prefix };
        throw new SourceError(
          'comtrade',
          rows === 0 ? 'empty' : 'malformed',
          origin.url,
          rows === 0
            ? `no rows for ${source.describe(request)} in ${wanted[0]}…${wanted.at(-1)} although Comtrade lists data for those months; the query may be wrong`
            : `none of the ${rows} rows could be used (${summarise(skipped)})`,
        );
      }
      return { observations, skipped } satisfies TradeFetchResult;
    },
  };

  /** period → release marker for every monthly dataset of the reporter; undefined if the endpoint is unusable. */
  async function fetchAvailability(
    reporter: number,
    context: FetchContext,
  ): Promise<Map<string, string> | undefined> {
    const url = new URL(`${prefix}/getDa/C/M/HS`);
    url.searchParams.set('reporterCode', String(reporter));
    try {
      const response = await context.http.get(url, {
        headers,
        accept: 'application/json',
        conditional: false,
      });
      if (response.notModified) return undefined;
      const origin = { source: 'comtrade', url: url.toString() };
      const answer = validate(
        availabilitySchema,
        parseJson(response.body, origin),
        origin,
        'a Comtrade availability list',
      );
      const markers = new Map<string, string[]>();
      for (const row of answer.data) {
        const period = monthFromCompact(row.period);
        if (!period || Number(row.reporterCode) !== reporter) continue;
        const list = markers.get(period) ?? [];
        list.push(`${row.lastReleased ?? ''}#${row.datasetChecksum ?? ''}#${row.totalRecords ?? ''}`);
        markers.set(period, list);
      }
      return new Map([...markers].map(([period, list]) => [period, list.sort().join(';')]));
    } catch (error) {
      // Availability is an optimisation: if that endpoint alone misbehaves, fetch the data itself.
      if (error instanceof SourceError && (error.kind === 'http-status' || error.kind === 'malformed')) {
        context.logger.warn({ error: error.message }, 'Comtrade availability unusable; fetching every month');
        return undefined;
      }
      throw error;
    }
  }

  async function fetchPeriods(
    periods: string[],
    reporter: number,
    partner: number,
    request: TradeRequest,
    context: FetchContext,
    tally: Tally,
  ): Promise<{ record: ComtradeRecord; origin: Origin }[]> {
    const url = new URL(`${prefix}/${keyed ? 'get' : 'preview'}/C/M/HS`);
    const params: Record<string, string> = {
      reporterCode: String(reporter),
      partnerCode: String(partner),
      partner2Code: '0',
      cmdCode: request.hs.join(','),
      flowCode: request.flow === 'export' ? 'X' : 'M',
      period: periods.map((period) => period.replace('-', '')).join(','),
      motCode: '0',
      customsCode: 'C00',
    };
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    const origin = { source: 'comtrade', url: url.toString() };
    tally.asked.push(origin);
    const get = {
      headers,
      accept: 'application/json',
      conditional: false,
      sameBodyIsNotModified: { scope: unitsOf(request) },
    };
    const response = await context.http.get(url, get);
    if (response.notModified) {
      tally.sameAsStored++;
      return [];
    }
    const envelope = validate(
      envelopeSchema,
      parseJson(response.body, origin),
      origin,
      'a Comtrade data answer',
    );
    if (envelope.error)
      throw new SourceError(
        'comtrade',
        'malformed',
        origin.url,
        `Comtrade reported an error: ${envelope.error}`,
      );
    if (envelope.data.length >= PREVIEW_ROW_CAP || (envelope.count ?? 0) > envelope.data.length) {
      // A capped page may have lost rows: ask again for fewer months at a time. Its digest is not kept:
      // the same first 500 rows say nothing about the rows past them.
      context.http.forget(url, get);
      if (periods.length === 1)
        throw new SourceError(
          'comtrade',
          'malformed',
          origin.url,
          `more than ${PREVIEW_ROW_CAP} rows for one month; narrow the watchlist`,
        );
      const half = Math.ceil(periods.length / 2);
      return [
        ...(await fetchPeriods(periods.slice(0, half), reporter, partner, request, context, tally)),
        ...(await fetchPeriods(periods.slice(half), reporter, partner, request, context, tally)),
      ];
    }
    const records: { record: ComtradeRecord; origin: Origin }[] = [];
    for (const row of envelope.data) {
      const parsed = recordSchema.safeParse(row);
      if (parsed.success) records.push({ record: parsed.data, origin });
      else
        tally.skipped.push({
          reason: 'row does not match the Comtrade record schema',
          detail: parsed.error.issues[0]?.message,
        });
    }
    return records;
  }

  return source;
}

/** The units a request takes from each record, in a fixed order ("USD,kg"). */
const unitsOf = (request: TradeRequest): string => [...request.units].sort().join(',');

function comtradeCode(code: string, role: 'reporter' | 'partner', request: TradeRequest): number {
  const country = countryByCode(code);
  if (!country || (role === 'reporter' && country.code === 'WORLD'))
    throw new SourceError(
      'comtrade',
      'malformed',
      'comtrade:request',
      `cannot ask Comtrade for ${role} "${code}" (${request.watchlists.join(', ')})`,
    );
  return country.comtradeCode;
}

import { z } from 'zod';
import { errorInAnswer, explainComtradeError } from './comtrade-errors.js';
import type { ComtradeCall, ComtradeMode } from './comtrade-plan.js';
import { type ComtradeRecord, recordSchema } from './comtrade-records.js';
import type { GetOptions } from './http-types.js';
import { monthFromCompact, type Origin, parseJson, validate } from './parse.js';
import type { FetchContext, SkippedRow, TradeRequest } from './source.js';
import { SourceError } from './types.js';

// One Comtrade data request and what its answer brings each route it serves.

/** What the source knows of how to reach Comtrade: the API prefix, its headers and mode. */
export interface ComtradeEndpoint {
  prefix: string;
  headers: Record<string, string>;
  keyed: boolean;
  mode: ComtradeMode;
  monthsBack: number;
  codes(route: TradeRequest): { reporter: number; partner: number };
}

/** What one poll brought for one route (watchlist request). */
export interface RouteOutcome {
  records: { record: ComtradeRecord; origin: Origin }[];
  skipped: SkippedRow[];
  /** Period → HS codes answered in full this poll. */
  answered: Map<string, Set<string>>;
  failed: SourceError[];
  /** Requests answered byte for byte as last time (not parsed). */
  sameAsStored: number;
  wanted: string[];
  /** Wanted months left for a later poll (the poll's request allowance was used up). */
  deferred: string[];
  asked: Origin[];
}

// Envelope and record as on the wire (see tests/fixtures/comtrade): `period` is a string for annual
// data and may be a number for monthly data, so both are accepted.
const envelopeSchema = z.object({
  count: z.number().int().nonnegative().optional(),
  data: z.array(z.unknown()),
  error: z.string().nullish(),
});

export interface CallAnswer {
  records: { record: ComtradeRecord; origin: Origin }[];
  skipped: SkippedRow[];
  notModified: number;
  asked: Origin[];
}

/** One data request, split (months, then partners, then codes) when its answer hits the row cap. */
export async function fetchCall(
  call: ComtradeCall,
  endpoint: ComtradeEndpoint,
  context: FetchContext,
  digest: { scope: string; trust: boolean } | undefined,
): Promise<CallAnswer> {
  const url = new URL(`${endpoint.prefix}/${endpoint.keyed ? 'get' : 'preview'}/C/M/HS`);
  const params: Record<string, string> = {
    reporterCode: String(call.group.reporter),
    partnerCode: call.partners.join(','),
    partner2Code: '0',
    cmdCode: call.hs.join(','),
    flowCode: call.group.flow === 'export' ? 'X' : 'M',
    period: call.periods.map((period) => period.replace('-', '')).join(','),
    motCode: '0',
    customsCode: 'C00',
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  const origin = { source: 'comtrade', url: url.toString() };
  const get: GetOptions = {
    headers: endpoint.headers,
    accept: 'application/json',
    conditional: false,
    ...(digest ? { sameBodyIsNotModified: digest } : {}),
  };
  const response = await context.http.get(url, get).catch((error: unknown) => {
    throw error instanceof SourceError
      ? explainComtradeError(error, endpoint.keyed, context.clock.now())
      : error;
  });
  if (response.notModified) return { records: [], skipped: [], notModified: 1, asked: [origin] };
  const parsed = parseJson(response.body, origin);
  const reason = errorInAnswer(parsed);
  if (reason)
    throw new SourceError('comtrade', 'malformed', origin.url, `Comtrade reported an error: ${reason}`);
  const envelope = validate(envelopeSchema, parsed, origin, 'a Comtrade data answer');
  if (envelope.data.length >= endpoint.mode.rowCap || (envelope.count ?? 0) > envelope.data.length) {
    // A capped page may have lost rows: ask again in parts. Its digest is not kept: the same first
    // rows say nothing about the rows past them.
    context.http.forget(url, get);
    const parts = halve(call);
    if (!parts)
      throw new SourceError(
        'comtrade',
        'malformed',
        origin.url,
        `more than ${endpoint.mode.rowCap} rows for one partner, code and month; Comtrade answered a breakdown`,
      );
    const answers: CallAnswer[] = [];
    for (const part of parts) answers.push(await fetchCall(part, endpoint, context, undefined));
    return {
      records: answers.flatMap((answer) => answer.records),
      skipped: answers.flatMap((answer) => answer.skipped),
      notModified: answers.reduce((sum, answer) => sum + answer.notModified, 0),
      asked: [origin, ...answers.flatMap((answer) => answer.asked)],
    };
  }
  const records: CallAnswer['records'] = [];
  const skipped: SkippedRow[] = [];
  for (const row of envelope.data) {
    const record = recordSchema.safeParse(row);
    if (record.success) records.push({ record: record.data, origin });
    else
      skipped.push({
        reason: 'row does not match the Comtrade record schema',
        detail: record.error.issues[0]?.message,
      });
  }
  return { records, skipped, notModified: 0, asked: [origin] };
}

/** The two halves of a call: its months if several, else its partners, else its codes. */
function halve(call: ComtradeCall): [ComtradeCall, ComtradeCall] | undefined {
  const split = <T>(list: T[]): [T[], T[]] => [
    list.slice(0, Math.ceil(list.length / 2)),
    list.slice(Math.ceil(list.length / 2)),
  ];
  if (call.periods.length > 1) {
    const [a, b] = split(call.periods);
    return [
      { ...call, periods: a },
      { ...call, periods: b },
    ];
  }
  if (call.partners.length > 1) {
    const [a, b] = split(call.partners);
    return [
      { ...call, partners: a },
      { ...call, partners: b },
    ];
  }
  if (call.hs.length > 1) {
    const [a, b] = split(call.hs);
    return [
      { ...call, hs: a },
      { ...call, hs: b },
    ];
  }
  return undefined;
}

/**
 * Hands each route the rows of its partner and codes; rows for a pair no watchlist asked (the price
 * of joining partners and codes in one request) are dropped silently; rows for something the request
 * did not ask at all are counted as skipped, on the first route served.
 */
export function distribute(
  call: ComtradeCall,
  touched: readonly TradeRequest[],
  answer: CallAnswer,
  endpoint: ComtradeEndpoint,
  outcomes: Map<TradeRequest, RouteOutcome>,
): void {
  const first = touched[0] && outcomes.get(touched[0]);
  if (!first) return;
  first.skipped.push(...answer.skipped);
  const flowCode = call.group.flow === 'export' ? 'X' : 'M';
  for (const route of touched) {
    const outcome = outcomes.get(route);
    if (!outcome) continue;
    outcome.sameAsStored += answer.notModified;
    outcome.asked.push(...answer.asked);
  }
  for (const entry of answer.records) {
    const { record } = entry;
    const other = otherRow(record, call.group.reporter, flowCode);
    if (other) {
      first.skipped.push({ reason: other });
      continue;
    }
    const owners = touched.filter(
      (route) => endpoint.codes(route).partner === record.partnerCode && route.hs.includes(record.cmdCode),
    );
    for (const route of owners) outcomes.get(route)?.records.push(entry);
    if (
      owners.length === 0 &&
      !(call.partners.includes(record.partnerCode) && call.hs.includes(record.cmdCode))
    )
      first.skipped.push({
        reason: 'row for a partner or commodity not asked for',
        detail: `${record.partnerCode} ${record.cmdCode} ${monthFromCompact(record.period) ?? record.period}`,
      });
  }
  for (const route of touched) {
    const outcome = outcomes.get(route);
    if (!outcome) continue;
    for (const period of call.periods) {
      const codes = outcome.answered.get(period) ?? new Set<string>();
      for (const hs of route.hs) if (call.hs.includes(hs)) codes.add(hs);
      outcome.answered.set(period, codes);
    }
  }
}

/** Why a row is not one of the monthly totals asked for, or undefined when it is. */
function otherRow(record: ComtradeRecord, reporter: number, flowCode: string): string | undefined {
  if (record.freqCode !== 'M' || record.refMonth === 52) return 'annual row ignored';
  if (
    (record.partner2Code ?? 0) !== 0 ||
    (record.motCode ?? 0) !== 0 ||
    (record.customsCode ?? 'C00') !== 'C00'
  )
    return 'breakdown row (second partner, transport mode or customs procedure) ignored';
  if (record.reporterCode !== reporter || record.flowCode !== flowCode)
    return 'row for another reporter, partner or flow';
  return undefined;
}

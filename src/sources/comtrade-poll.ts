import { z } from 'zod';
import { errorInAnswer, explainComtradeError } from './comtrade-errors.js';
import {
  type ComtradeCall,
  type ComtradeGroup,
  type ComtradeMode,
  groupRoutes,
  monthsBefore,
  planCalls,
} from './comtrade-plan.js';
import { type ComtradeRecord, recordSchema } from './comtrade-records.js';
import type { GetOptions } from './http.js';
import { monthFromCompact, type Origin, parseJson, validate } from './parse.js';
import type { Backfill, FetchContext, SkippedRow, TradeRequest } from './source.js';
import { SourceError } from './types.js';

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

export interface PollRun {
  outcomes: Map<TradeRequest, RouteOutcome>;
  /** Reporter code → period → release marker; undefined when the availability list was unusable. */
  availability: Map<number, Map<string, string> | undefined>;
  backfill: Backfill;
}

// Envelope and record as on the wire (see tests/fixtures/comtrade): `period` is a string for annual
// data and may be a number for monthly data, so both are accepted.
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

/** The release-marker key of a route: its units too, so a weight watchlist added later fetches its months. */
export const routeKey = (route: TradeRequest, codes: { reporter: number; partner: number }): string =>
  `comtrade|${codes.reporter}|${codes.partner}|${route.flow}|${route.hs.join(',')}|${[...route.units].sort().join(',')}`;

/**
 * One poll of Comtrade for every route at once: the availability of each reporter, then the months
 * each route needs, asked newest first across all routes, every partner and code of a reporter and
 * flow joined in one request, within the mode's limits and the poll's allowance.
 */
export async function pollComtrade(
  routes: readonly TradeRequest[],
  endpoint: ComtradeEndpoint,
  context: FetchContext,
): Promise<PollRun> {
  const groups = groupRoutes(routes, endpoint.codes);
  const window = monthsBefore(context.clock.now(), endpoint.monthsBack);
  const availability = new Map<number, Map<string, string> | undefined>();
  for (const group of groups)
    if (!availability.has(group.reporter))
      availability.set(group.reporter, await fetchAvailability(group.reporter, endpoint, context));

  const outcomes = new Map<TradeRequest, RouteOutcome>();
  const seen = new Map<TradeRequest, Map<string, string>>();
  for (const group of groups)
    for (const route of group.routes) {
      const marks = context.releases.forRequest(routeKey(route, endpoint.codes(route)));
      seen.set(route, marks);
      const released = availability.get(group.reporter);
      const wanted = released
        ? window.filter((period) => released.has(period) && released.get(period) !== marks.get(period))
        : // Without the availability list: months never fetched, and the newest three (revisions are rare).
          window.filter((period, index) => index < 3 || !marks.has(period));
      outcomes.set(route, {
        records: [],
        skipped: [],
        answered: new Map(),
        failed: [],
        sameAsStored: 0,
        wanted,
        deferred: [],
        asked: [],
      });
    }

  const wantedOf = (group: ComtradeGroup) => [
    ...new Set(group.routes.flatMap((route) => outcomes.get(route)?.wanted ?? [])),
  ];
  const allowed = Math.min(endpoint.mode.callsPerPoll, context.http.remainingToday(endpoint.prefix));
  const { calls } = planCalls(groups, wantedOf, endpoint.mode, allowed);
  let stopped: SourceError | undefined;
  for (const call of calls) {
    if (stopped || context.signal?.aborted) break;
    const touched = call.group.routes.filter(
      (route) =>
        call.partners.includes(endpoint.codes(route).partner) && route.hs.some((hs) => call.hs.includes(hs)),
    );
    // A body identical to the last one stored may be skipped only if every route it serves holds these months.
    const holdsAll = touched.every((route) => call.periods.every((period) => seen.get(route)?.has(period)));
    try {
      const answer = await fetchCall(call, endpoint, context, { scope: unitsOf(touched), trust: holdsAll });
      distribute(call, touched, answer, endpoint, outcomes);
    } catch (error) {
      if (!(error instanceof SourceError)) throw error;
      for (const route of touched) outcomes.get(route)?.failed.push(error);
      // The next request would most likely fail the same way (quota, pace, network, a broken
      // service): the rest waits for the next poll, and the source reports one error, not twelve.
      stopped = error;
    }
  }

  for (const outcome of outcomes.values())
    outcome.deferred = outcome.wanted.filter((period) => !outcome.answered.has(period));
  return { outcomes, availability, backfill: progress(groups, window, availability, seen, outcomes) };
}

/** Months of the window each group's reporter has published, and how many every route now holds. */
function progress(
  groups: readonly ComtradeGroup[],
  window: readonly string[],
  availability: ReadonlyMap<number, Map<string, string> | undefined>,
  seen: ReadonlyMap<TradeRequest, Map<string, string>>,
  outcomes: ReadonlyMap<TradeRequest, RouteOutcome>,
): Backfill {
  let done = 0;
  let total = 0;
  for (const group of groups) {
    const released = availability.get(group.reporter);
    for (const period of window) {
      if (released && !released.has(period)) continue;
      total++;
      const held = group.routes.every((route) => {
        const outcome = outcomes.get(route);
        const complete = outcome?.answered.get(period);
        if (complete && route.hs.every((hs) => complete.has(hs))) return true;
        return seen.get(route)?.has(period) === true && !outcome?.wanted.includes(period);
      });
      if (held) done++;
    }
  }
  return { done, total };
}

const unitsOf = (routes: readonly TradeRequest[]): string =>
  [...new Set(routes.flatMap((route) => route.units))].sort().join(',');

interface CallAnswer {
  records: { record: ComtradeRecord; origin: Origin }[];
  skipped: SkippedRow[];
  notModified: number;
  asked: Origin[];
}

/** One data request, split (months, then partners, then codes) when its answer hits the row cap. */
async function fetchCall(
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
function distribute(
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

/** period → release marker for every monthly dataset of the reporter; undefined if the endpoint is unusable. */
async function fetchAvailability(
  reporter: number,
  endpoint: ComtradeEndpoint,
  context: FetchContext,
): Promise<Map<string, string> | undefined> {
  const url = new URL(`${endpoint.prefix}/getDa/C/M/HS`);
  url.searchParams.set('reporterCode', String(reporter));
  try {
    const response = await context.http.get(url, {
      headers: endpoint.headers,
      accept: 'application/json',
      conditional: false,
    });
    if (response.notModified) return undefined;
    const origin = { source: 'comtrade', url: url.toString() };
    const parsed = parseJson(response.body, origin);
    const reason = errorInAnswer(parsed);
    if (reason)
      throw new SourceError('comtrade', 'malformed', origin.url, `Comtrade reported an error: ${reason}`);
    const answer = validate(availabilitySchema, parsed, origin, 'a Comtrade availability list');
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
    if (!(error instanceof SourceError)) throw error;
    const explained = explainComtradeError(error, endpoint.keyed, context.clock.now());
    // Availability is an optimisation: if that endpoint alone misbehaves, fetch the data itself.
    if (explained === error && (error.kind === 'http-status' || error.kind === 'malformed')) {
      context.logger.warn({ error: error.message }, 'Comtrade availability unusable; fetching every month');
      return undefined;
    }
    throw explained;
  }
}

import { countryByCode } from '../countries/index.js';
import { COMTRADE_MODES, monthsBefore } from './comtrade-plan.js';
import {
  type ComtradeEndpoint,
  type PollRun,
  pollComtrade,
  type RouteOutcome,
  routeKey,
} from './comtrade-poll.js';
import { summarise, toObservations } from './comtrade-records.js';
import type { SourceProvider, TradeFetchResult, TradeRequest, TradeSource } from './source.js';
import { SourceError } from './types.js';

export interface ComtradeOptions {
  apiUrl: string;
  apiKey?: string | undefined;
  /** How many months back each poll looks (revisions of older months are rare). */
  monthsBack?: number;
}

/**
 * UN Comtrade monthly goods trade (HS), through the keyless preview API or the keyed data API. The
 * routes of one poll are fetched together (see comtrade-poll.ts): each route's fetch waits for that
 * shared poll and takes its own rows from it.
 */
export function createComtradeSource(options: ComtradeOptions): TradeSource {
  const base = options.apiUrl.replace(/\/+$/, '');
  const keyed = Boolean(options.apiKey);
  const endpoint: ComtradeEndpoint = {
    prefix: keyed ? `${base}/data/v1` : `${base}/public/v1`,
    headers: options.apiKey ? { 'Ocp-Apim-Subscription-Key': options.apiKey } : {},
    keyed,
    mode: keyed ? COMTRADE_MODES.keyed : COMTRADE_MODES.preview,
    monthsBack: options.monthsBack ?? 24,
    codes: (route) => ({
      reporter: comtradeCode(route.reporter, 'reporter', route),
      partner: comtradeCode(route.partner, 'partner', route),
    }),
  };
  let prepared: readonly TradeRequest[] = [];
  let run: { routes: readonly TradeRequest[]; result: Promise<PollRun> } | undefined;

  const source: TradeSource = {
    name: 'comtrade',
    kind: 'trade',
    healthKey: () => 'comtrade',
    describe: (request) => `${request.reporter}→${request.partner} ${request.flow} ${request.hs.join(',')}`,

    prepare(requests) {
      prepared = requests;
      run = undefined;
    },

    async fetch(request, context) {
      // Refused before any request: a code Comtrade has no number for.
      endpoint.codes(request);
      let current = run;
      if (!current?.routes.includes(request)) {
        const routes = prepared.includes(request) ? usable(prepared) : [request];
        const result = pollComtrade(routes, endpoint, context);
        // Awaited by each route's fetch; until then a failure must not count as unhandled.
        result.catch(() => {});
        current = { routes, result };
        run = current;
      }
      const poll = await current.result;
      const outcome = poll.outcomes.get(request);
      if (!outcome) throw new Error('comtrade: a route was left out of its poll');
      const codes = endpoint.codes(request);
      const released = poll.availability.get(codes.reporter);
      const answered = [...outcome.answered].map(([period, hs]) => ({ period, hs: [...hs] }));
      const complete = answered.filter(({ hs }) => request.hs.every((code) => hs.includes(code)));
      const markers = new Map(complete.map(({ period }) => [period, released?.get(period) ?? '']));
      if (markers.size > 0)
        context.afterStore((stored) =>
          stored.releases.record(routeKey(request, codes), markers, context.clock.now()),
        );
      // Rows that failed the record schema were received too: "no rows" would send people the wrong way.
      const rows = outcome.records.length + outcome.skipped.length;
      const observations = toObservations(
        outcome.records,
        request,
        codes.reporter,
        codes.partner,
        context.clock.now(),
        outcome.skipped,
      );
      const result: TradeFetchResult = {
        observations,
        skipped: outcome.skipped,
        answered,
        backfill: poll.backfill,
        ...(released ? { published: { reporter: request.reporter, periods: released } } : {}),
        ...(outcome.failed.length > 0 ? { failed: outcome.failed } : {}),
      };
      if (observations.length === 0 && rows > 0) {
        const origin = outcome.asked.at(-1)?.url ?? endpoint.prefix;
        throw new SourceError(
          'comtrade',
          'malformed',
          origin,
          `none of the ${rows} rows could be used (${summarise(outcome.skipped)})`,
        );
      }
      if (observations.length === 0 && outcome.failed.length > 0) throw outcome.failed[0];
      if (observations.length === 0) {
        const listed =
          released === undefined ||
          monthsBefore(context.clock.now(), endpoint.monthsBack).some((period) => released.has(period));
        result.unchanged = unchangedNote(request, outcome, listed);
      }
      return result;
    },
  };
  return source;

  /** The routes Comtrade can be asked for; the others fail on their own fetch, in words. */
  function usable(routes: readonly TradeRequest[]): TradeRequest[] {
    return routes.filter((route) => {
      try {
        endpoint.codes(route);
        return true;
      } catch {
        return false;
      }
    });
  }

  function unchangedNote(request: TradeRequest, outcome: RouteOutcome, listed: boolean): string {
    const withoutRows = [...outcome.answered.keys()].sort().reverse();
    if (withoutRows.length > 0 && outcome.sameAsStored === 0)
      return `no trade recorded in ${withoutRows.join(', ')}: Comtrade lists no ${request.flow} for these months`;
    if (outcome.sameAsStored > 0)
      return 'Comtrade republished these months with exactly the figures already stored';
    if (outcome.deferred.length > 0)
      return `${outcome.deferred.length} months wait for the next poll (backfill, newest first)`;
    if (!listed)
      return `Comtrade lists no monthly data for reporter ${request.reporter} in the last ${endpoint.monthsBack} months`;
    return 'no new Comtrade release since the last poll';
  }
}

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

/** UN Comtrade: COMTRADE_API_URL, and COMTRADE_API_KEY for the keyed API (the public preview without). */
export const comtradeProvider: SourceProvider = {
  name: 'comtrade',
  kind: 'trade',
  configKeys: ['COMTRADE_API_URL', 'COMTRADE_API_KEY'],
  create: (sources) =>
    createComtradeSource({ apiUrl: sources.comtrade.apiUrl, apiKey: sources.comtrade.apiKey }),
};

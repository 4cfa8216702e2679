import { fetchAvailability } from './comtrade-availability.js';
import { type ComtradeEndpoint, distribute, fetchCall, type RouteOutcome } from './comtrade-call.js';
import { type ComtradeGroup, groupRoutes, monthsBefore, planCalls } from './comtrade-plan.js';
import type { Backfill, FetchContext, TradeRequest } from './source.js';
import { SourceError } from './types.js';

export interface PollRun {
  outcomes: Map<TradeRequest, RouteOutcome>;
  /** Reporter code → period → release marker; undefined when the availability list was unusable. */
  availability: Map<number, Map<string, string> | undefined>;
  backfill: Backfill;
}

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
      const marks = await context.releases.forRequest(routeKey(route, endpoint.codes(route)));
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
  const allowed = Math.min(endpoint.mode.callsPerPoll, await context.http.remainingToday(endpoint.prefix));
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

export type { ComtradeEndpoint, RouteOutcome };

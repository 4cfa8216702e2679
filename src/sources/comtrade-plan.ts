import type { HostBudget } from './http-budget.js';
import type { TradeRequest } from './source.js';

/**
 * How UN Comtrade may be asked, per mode (tests/fixtures/README.md cites each number): the keyless
 * preview takes one period per request and answers at most 500 rows; the keyed data API takes up to
 * 12 periods and 100,000 rows. The pace and the daily budget of the host are COMTRADE_BUDGET's.
 */
export interface ComtradeMode {
  name: 'preview' | 'keyed';
  periodsPerCall: number;
  rowCap: number;
  /** Data requests one poll may make: history beyond it is backfilled by the next polls. */
  callsPerPoll: number;
}

export const COMTRADE_MODES: Readonly<Record<ComtradeMode['name'], ComtradeMode>> = {
  // 12 requests a poll keep a keyless poll under half a minute at the preview's pace.
  preview: { name: 'preview', periodsPerCall: 1, rowCap: 500, callsPerPoll: 12 },
  // 100 a poll leave room in the free key's 500 a day for four polls and a few by hand.
  keyed: { name: 'keyed', periodsPerCall: 12, rowCap: 100_000, callsPerPoll: 100 },
};

/** Watchlist routes of one reporter and flow: Comtrade answers all their partners and HS codes at once. */
export interface ComtradeGroup {
  reporter: number;
  flow: 'export' | 'import';
  partners: number[];
  hs: string[];
  routes: TradeRequest[];
}

/** One data request: its group, the periods asked (newest first) and the partners and codes joined. */
export interface ComtradeCall {
  group: ComtradeGroup;
  periods: string[];
  partners: number[];
  hs: string[];
}

/** Groups routes by reporter and flow; `codes` gives each route's Comtrade reporter and partner. */
export function groupRoutes(
  routes: readonly TradeRequest[],
  codes: (route: TradeRequest) => { reporter: number; partner: number },
): ComtradeGroup[] {
  const groups = new Map<string, ComtradeGroup>();
  for (const route of routes) {
    const { reporter, partner } = codes(route);
    const key = `${reporter}|${route.flow}`;
    const group = groups.get(key) ?? { reporter, flow: route.flow, partners: [], hs: [], routes: [] };
    groups.set(key, group);
    if (!group.partners.includes(partner)) group.partners.push(partner);
    for (const hs of route.hs) if (!group.hs.includes(hs)) group.hs.push(hs);
    group.routes.push(route);
  }
  for (const group of groups.values()) {
    group.partners.sort((a, b) => a - b);
    group.hs.sort();
  }
  return [...groups.values()];
}

/**
 * The data requests of one poll, newest month first across every group (so the latest months of
 * every watchlist arrive on the first poll), each within the mode's periods and rows per request,
 * at most `allowed` of them. `wanted` gives each group's periods to fetch.
 */
export function planCalls(
  groups: readonly ComtradeGroup[],
  wanted: (group: ComtradeGroup) => readonly string[],
  mode: ComtradeMode,
  allowed: number,
): { calls: ComtradeCall[]; deferred: number } {
  const all: ComtradeCall[] = [];
  for (const group of groups) {
    const periods = [...wanted(group)].sort().reverse();
    for (let i = 0; i < periods.length; i += mode.periodsPerCall)
      all.push(...splitToCap(group, periods.slice(i, i + mode.periodsPerCall), mode.rowCap));
  }
  // Stable: within one month, groups keep the order of the watchlists.
  const newestFirst = all
    .map((call, index) => ({ call, index }))
    .sort((a, b) => (b.call.periods[0] ?? '').localeCompare(a.call.periods[0] ?? '') || a.index - b.index)
    .map(({ call }) => call);
  const calls = newestFirst.slice(0, Math.max(0, allowed));
  return { calls, deferred: newestFirst.length - calls.length };
}

/** A call split by partners, then HS codes, so that one row per partner, code and month fits the cap. */
export function splitToCap(group: ComtradeGroup, periods: string[], rowCap: number): ComtradeCall[] {
  const perPartner = group.hs.length * periods.length;
  if (perPartner > rowCap) {
    const codes = Math.max(1, Math.floor(rowCap / periods.length));
    const calls: ComtradeCall[] = [];
    for (const partner of group.partners)
      for (let i = 0; i < group.hs.length; i += codes)
        calls.push({ group, periods, partners: [partner], hs: group.hs.slice(i, i + codes) });
    return calls;
  }
  const partnersPerCall = Math.max(1, Math.floor(rowCap / perPartner));
  const calls: ComtradeCall[] = [];
  for (let i = 0; i < group.partners.length; i += partnersPerCall)
    calls.push({ group, periods, partners: group.partners.slice(i, i + partnersPerCall), hs: group.hs });
  return calls;
}

/** "2023-08" … the `count` months before `now`'s month, newest first. */
export function monthsBefore(now: number, count: number): string[] {
  const date = new Date(now);
  const months: string[] = [];
  for (let back = 1; back <= count; back++) {
    const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - back, 1));
    months.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return months;
}

/**
 * What a full backfill of `months` months costs for `groups` reporter-and-flow groups (each fitting
 * one request's rows) in a mode, at `pollsPerDay` polls: data requests in all, requests per poll
 * (each poll also asks the availability list once per group), polls, and days from the first poll.
 * The README's numbers; a test checks them against a real poll.
 */
export function backfillEstimate(
  mode: ComtradeMode,
  budget: HostBudget,
  groups: number,
  months: number,
  pollsPerDay: number,
): { calls: number; perPoll: number; polls: number; days: number } {
  const calls = groups * Math.ceil(months / mode.periodsPerCall);
  const dataPerPoll = Math.min(mode.callsPerPoll, Math.floor(budget.perDay / pollsPerDay) - groups);
  const polls = Math.max(1, Math.ceil(calls / dataPerPoll));
  return {
    calls,
    perPoll: Math.min(calls, dataPerPoll) + groups,
    polls,
    days: (polls - 1) / pollsPerDay,
  };
}

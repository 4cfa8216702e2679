import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS } from '../../src/config.js';
import { countryByCode } from '../../src/countries/index.js';
import { backfillEstimate, COMTRADE_MODES, groupRoutes, planCalls } from '../../src/sources/comtrade-plan.js';
import { COMTRADE_BUDGET } from '../../src/sources/http-budget.js';
import { requestsFor } from '../../src/sources/requests.js';
import type { TradeRequest } from '../../src/sources/source.js';
import { loadWatchlists } from '../../src/watchlists/load.js';

const codes = (route: TradeRequest) => ({
  reporter: countryByCode(route.reporter)?.comtradeCode ?? -1,
  partner: countryByCode(route.partner)?.comtradeCode ?? -1,
});
const defaultGroups = () =>
  groupRoutes(
    requestsFor(loadWatchlists('config/watchlists.yaml'), { source: 'comtrade' }) as TradeRequest[],
    codes,
  );
const months = (count: number) =>
  Array.from(
    { length: count },
    (_, i) => `${2024 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`,
  );

describe('the Comtrade request plan', () => {
  it('joins every partner and code of the default watchlists in one request a month, newest first', () => {
    const groups = defaultGroups();
    expect(groups.map((group) => [group.reporter, group.flow, group.partners, group.hs])).toEqual([
      [156, 'export', [0, 392, 699, 842], ['280530', '2846', '850511']],
    ]);
    const { calls, deferred } = planCalls(groups, () => months(24), COMTRADE_MODES.preview, 12);
    expect(calls.map((call) => call.periods)).toEqual(
      months(24)
        .reverse()
        .slice(0, 12)
        .map((period) => [period]),
    );
    expect(deferred).toBe(12);
  });

  it('splits a request by partners so that one row per partner, code and month fits the row cap', () => {
    const [group] = defaultGroups();
    if (!group) throw new Error('expected a group');
    const wide = { ...group, partners: Array.from({ length: 400 }, (_, i) => i + 1) };
    const { calls } = planCalls([wide], () => ['2025-06'], COMTRADE_MODES.preview, 100);
    expect(calls.map((call) => call.partners.length)).toEqual([166, 166, 68]);
    expect(calls.every((call) => call.partners.length * call.hs.length <= 500)).toBe(true);
  });

  it('puts the newest month of every reporter and flow before any older one', () => {
    const [china] = defaultGroups();
    if (!china) throw new Error('expected a group');
    const india = { ...china, reporter: 699, partners: [156] };
    const { calls } = planCalls([china, india], () => months(3), COMTRADE_MODES.preview, 4);
    expect(calls.map((call) => [call.group.reporter, call.periods[0]])).toEqual([
      [156, '2024-03'],
      [699, '2024-03'],
      [156, '2024-02'],
      [699, '2024-02'],
    ]);
  });

  it('states in docs/sources.md, per mode, the requests, pace, budget and backfill days the planner gives', () => {
    // The default POLL_CRON runs every 6 hours: 4 polls a day.
    expect(CONFIG_KEYS.POLL_CRON.default).toBe('0 */6 * * *');
    const groups = defaultGroups().length;
    const preview = backfillEstimate(COMTRADE_MODES.preview, COMTRADE_BUDGET, groups, 24, 4);
    const keyed = backfillEstimate(COMTRADE_MODES.keyed, COMTRADE_BUDGET, groups, 24, 4);
    expect([preview, keyed]).toEqual([
      { calls: 24, perPoll: 13, polls: 2, days: 0.25 },
      { calls: 2, perPoll: 3, polls: 1, days: 0 },
    ]);
    // Biome pads the table's cells: compare with single spaces.
    const readme = readFileSync('docs/sources.md', 'utf8').replace(/ {2,}/g, ' ');
    const pace = `${(COMTRADE_BUDGET.minIntervalMs ?? 0) / 1000} s apart, at most ${COMTRADE_BUDGET.perMinute} a minute`;
    expect(readme).toContain(
      `| Comtrade, keyless preview | ${preview.perPoll} while backfilling (1 availability list + ${COMTRADE_MODES.preview.callsPerPoll} months), then 1 + the months newly published | ${pace} | ${COMTRADE_BUDGET.perDay} (ree-watch's own cap) | 24 months in ${preview.polls} polls: ${preview.days} days |`,
    );
    expect(readme).toContain(
      `| Comtrade, keyed (\`COMTRADE_API_KEY\`) | ${keyed.perPoll} (1 availability list + ${keyed.calls} requests of ${COMTRADE_MODES.keyed.periodsPerCall} months) | ${pace} | ${COMTRADE_BUDGET.perDay} (the free key's quota); at most ${COMTRADE_MODES.keyed.callsPerPoll} data requests a poll | 24 months in ${keyed.polls} poll: ${keyed.days} days |`,
    );
  });
});

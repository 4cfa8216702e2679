import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateWatchlists } from '../../src/pipeline/evaluate-watchlists.js';
import { formatPeriod } from '../../src/rules/periods.js';
import { availability, envelope, magnetMonths, monthlyRecord } from '../helpers/comtrade-answers.js';
import { serveComtrade } from '../helpers/comtrade-service.js';
import { file, json } from '../helpers/fixture-server.js';
import { useIngestHarness } from '../helpers/ingest-harness.js';

// Each test reproduces a row of the table of issue 16: how the real Comtrade answers (the public
// record, cited in tests/fixtures/README.md), served by a loopback server that enforces its rules.

const harness = useIngestHarness();
const DEFAULT_WATCHLISTS = readFileSync('config/watchlists.yaml', 'utf8');
const PREVIEW = '/public/v1/preview/C/M/HS';
const AVAILABILITY = '/public/v1/getDa/C/M/HS';

const WEIGHT_WATCHLIST = `
- id: china-india-magnets-weight
  title: China → India magnets (tonnes)
  kind: trade
  source: comtrade
  reporter: CN
  partner: IN
  flow: export
  hs: ["850511"]
  measure: weight
  rules:
    - { type: drop, compare: previous-month, percent: 20 }
    - { type: drop, compare: same-month-last-year, percent: 30 }
`;

describe('Comtrade as it really answers', () => {
  it('gets a complete first poll of the default watchlists from a preview that enforces its real rules', async () => {
    const h = await harness(DEFAULT_WATCHLISTS);
    const months = magnetMonths(h.clock.now());
    const series = [
      { partner: 699, hs: '850511', months },
      { partner: 842, hs: '850511', months },
      { partner: 392, hs: '850511', months },
      { partner: 0, hs: '2846', months },
      { partner: 0, hs: '280530', months },
    ];
    const rules = serveComtrade(h.server, h.clock, series);

    const report = await h.poll({ source: 'comtrade' });

    expect(report.failed).toBe(false);
    // One month per request (more is refused with 400), every partner and code of China's exports joined.
    const previews = h.server.hits(PREVIEW);
    expect(previews).toHaveLength(12);
    for (const request of previews) {
      expect(request.url.searchParams.get('period')).toMatch(/^\d{6}$/);
      expect(request.url.searchParams.get('partnerCode')).toBe('0,392,699,842');
      expect(request.url.searchParams.get('cmdCode')).toBe('280530,2846,850511');
    }
    // Never faster than the preview allows: nothing was refused, no 429 to wait out.
    expect(Object.fromEntries(rules.refused)).toEqual({});
    const latest = months.at(-1)?.month;
    expect(
      report.requests.flatMap((r) => r.series.map((s) => [s.partner, s.hs, s.stored.length, s.latest])),
    ).toEqual([
      ['IN', '850511', 12, latest],
      ['US', '850511', 12, latest],
      ['JP', '850511', 12, latest],
      ['WORLD', '280530', 12, latest],
      ['WORLD', '2846', 12, latest],
    ]);
    expect(report.requests[0]?.backfill).toEqual({ done: 12, total: 24 });
    expect(h.server.hits(AVAILABILITY)).toHaveLength(1);
  });

  it('waits out a 429 "Rate limit is exceeded" for its Retry-After, then goes on', async () => {
    const h = await harness(WEIGHT_WATCHLIST);
    const months = magnetMonths(h.clock.now(), 2);
    h.server.route(
      AVAILABILITY,
      json(
        availability(
          156,
          months.map((m) => m.month),
        ),
      ),
    );
    h.server.route(
      PREVIEW,
      file('comtrade/error-429_rate-limit.json', { status: 429, headers: { 'retry-after': '7' } }),
      (req, res) => {
        const period = new URL(req.url ?? '', h.server.url).searchParams.get('period');
        return json(
          envelope(months.filter((m) => m.month.replace('-', '') === period).map((m) => monthlyRecord(m))),
        )(req, res);
      },
    );

    const report = await h.poll();

    expect(report.failed).toBe(false);
    expect(report.requests[0]?.series[0]?.stored).toHaveLength(2);
    expect(h.clock.sleeps).toContain(7_000);
  });

  it('does not store a weight of 0 beside a reported value: the month is "not reported", and no drop alert fires', async () => {
    const h = await harness(WEIGHT_WATCHLIST);
    const months = magnetMonths(h.clock.now(), 13);
    // The latest month carries netWgt 0 and qty 0, as Comtrade does when the weight was not reported.
    serveComtrade(h.server, h.clock, [
      {
        partner: 699,
        hs: '850511',
        months,
        fields: (figure) =>
          figure.month === months.at(-1)?.month
            ? { netWgt: 0, qty: 0, isNetWgtEstimated: true, qtyUnitCode: -1, qtyUnitAbbr: 'N/A' }
            : {},
      },
    ]);
    await h.poll();
    h.clock.advance(6 * 3_600_000);
    await h.poll();

    const stored = await h.storage.observations.history({
      source: 'comtrade',
      reporter: 'CN',
      partner: 'IN',
      flow: 'export',
      hs: '850511',
      unit: 'kg',
    });
    expect(stored.at(-1)).toMatchObject({ period: months.at(-1)?.month, value: null, status: 'suppressed' });
    const { outcomes } = await evaluateWatchlists(
      h.deps.watchlists,
      { trade: h.storage.tradeHistory, notices: h.storage.notices },
      h.clock.now(),
    );
    expect(outcomes.filter((outcome) => outcome.outcome === 'fire')).toEqual([]);
  });

  it('reads the weight from qty when netWgt is null and qty is in kg', async () => {
    const h = await harness(WEIGHT_WATCHLIST);
    const months = magnetMonths(h.clock.now(), 1);
    serveComtrade(h.server, h.clock, [
      {
        partner: 699,
        hs: '850511',
        months,
        fields: () => ({ netWgt: null, qty: 123_456, qtyUnitCode: 8, qtyUnitAbbr: 'kg' }),
      },
    ]);

    await h.poll();

    const stored = await h.storage.observations.history({
      source: 'comtrade',
      reporter: 'CN',
      partner: 'IN',
      flow: 'export',
      hs: '850511',
      unit: 'kg',
    });
    expect(stored).toMatchObject([{ value: 123_456, status: 'reported' }]);
  });

  it('says the server\'s own reason for {"data": null, "error": "…"}', async () => {
    const h = await harness(WEIGHT_WATCHLIST);
    const months = magnetMonths(h.clock.now(), 1);
    h.server.route(
      AVAILABILITY,
      json(
        availability(
          156,
          months.map((m) => m.month),
        ),
      ),
    );
    h.server.route(
      PREVIEW,
      json({ elapsedTime: '0.01 secs', count: 0, data: null, error: 'Invalid value for parameter cmdCode' }),
    );

    const report = await h.poll();

    expect(report.requests[0]?.error).toMatch(
      /^comtrade: Comtrade reported an error: Invalid value for parameter cmdCode \(/,
    );
  });

  it('passes on the preview\'s "Maximum number of periods" refusal in its own words', async () => {
    const h = await harness(WEIGHT_WATCHLIST);
    const months = magnetMonths(h.clock.now(), 1);
    h.server.route(
      AVAILABILITY,
      json(
        availability(
          156,
          months.map((m) => m.month),
        ),
      ),
    );
    h.server.route(PREVIEW, file('comtrade/error-400_preview-max-periods.json', { status: 400 }));

    const report = await h.poll();

    expect(report.requests[0]?.error).toMatch(
      /answered HTTP 400: Maximum number of periods for preview is 1/,
    );
  });

  it('reads a route absent from a month China has published as "no trade recorded", not a broken query', async () => {
    const h = await harness(WEIGHT_WATCHLIST);
    const months = magnetMonths(h.clock.now(), 1);
    // Comtrade lists the month for China but leaves out the zero row of this route.
    serveComtrade(h.server, h.clock, [], { released: () => months.map((m) => m.month) });

    const report = await h.poll();

    expect(report.failed).toBe(false);
    expect(report.requests[0]).toMatchObject({
      outcome: 'unchanged',
      note: `no trade recorded in ${months[0]?.month}: Comtrade lists no export for these months`,
    });
    expect(await h.rows('trade_coverage')).toMatchObject([
      { partner: 'IN', hs: '850511', period: months[0]?.month },
    ]);
  });

  it('alerts a published month without a row as "no trade recorded", and a month not yet published not at all', async () => {
    const h = await harness(WEIGHT_WATCHLIST);
    // A steady 400 t a month, so that only the missing row can raise anything.
    const months = magnetMonths(h.clock.now(), 13).map((m) => ({ ...m, kg: 400_000, usd: 12_400_000 }));
    const newest = months.at(-1)?.month as string;
    let released = months.slice(0, -1).map((m) => m.month);
    // The route's row for the newest month is left out, as Comtrade does when nothing was traded.
    serveComtrade(h.server, h.clock, [{ partner: 699, hs: '850511', months: months.slice(0, -1) }], {
      released: () => released,
    });
    const fired = async () =>
      (
        await evaluateWatchlists(
          h.deps.watchlists,
          { trade: h.storage.tradeHistory, notices: h.storage.notices },
          h.clock.now(),
        )
      ).outcomes.flatMap((outcome) => (outcome.outcome === 'fire' ? [outcome.alert.headline] : []));

    await h.poll();
    // China has not published the newest month yet: its absence says nothing.
    expect(await fired()).toEqual([]);

    released = months.map((m) => m.month);
    h.clock.advance(6 * 3_600_000);
    await h.poll();
    const [m, y] = [formatPeriod(newest), formatPeriod(months.at(-2)?.month as string)];
    expect(await fired()).toEqual([
      expect.stringMatching(
        new RegExp(
          `^China → India magnets \\(tonnes\\): no trade recorded in ${m} \\(the month is published\\), down from 400 t in ${y}\\.$`,
        ),
      ),
      expect.stringMatching(new RegExp(`^China → India magnets \\(tonnes\\): no trade recorded in ${m} `)),
    ]);
  });

  it('names COMTRADE_API_KEY when Comtrade answers 401 "missing subscription key" while a key is set', async () => {
    const h = await harness(WEIGHT_WATCHLIST, { COMTRADE_API_KEY: 'comtrade-key-1234567890' });
    h.server.route(
      '/data/v1/getDa/C/M/HS',
      file('comtrade/error-401_missing-subscription-key.json', { status: 401 }),
    );

    const report = await h.poll();

    expect(report.requests[0]?.error).toMatch(
      /Comtrade refused the key in COMTRADE_API_KEY \(answered HTTP 401: Access denied due to missing subscription key\..*\); check that it is the primary key of the free "comtrade - v1" product/,
    );
  });

  it('reads the quota answer as Azure API Management sends it: the refill time in words', async () => {
    const h = await harness(WEIGHT_WATCHLIST, { COMTRADE_API_KEY: 'comtrade-key-1234567890' });
    h.server.route(
      '/data/v1/getDa/C/M/HS',
      file('comtrade/error-403_out-of-call-volume-quota.json', { status: 403 }),
    );

    const report = await h.poll();

    expect(report.requests[0]).toMatchObject({ outcome: 'failed', errorKind: 'budget-exhausted' });
    // "Quota will be replenished in 03:30:56."
    expect(report.requests[0]?.retryAt).toBe(h.clock.now() + (3 * 3600 + 30 * 60 + 56) * 1000);
    expect((await h.storage.sourceHealth.get('comtrade'))?.nextAttemptAt).toBeGreaterThanOrEqual(
      report.requests[0]?.retryAt ?? 0,
    );
  });

  it('counts the keyed daily quota: a 403 "Out of call volume quota" waits for the refill, naming the key', async () => {
    const h = await harness(WEIGHT_WATCHLIST, { COMTRADE_API_KEY: 'comtrade-key-1234567890' });
    const months = magnetMonths(h.clock.now(), 24);
    const rules = serveComtrade(h.server, h.clock, [{ partner: 699, hs: '850511', months }], {
      keyedPerDay: 2,
    });

    const report = await h.poll();

    // getDa and one request of 12 months fit the quota; the next one is refused.
    expect(
      h.server.hits('/data/v1/get/').map((r) => r.url.searchParams.get('period')?.split(',').length),
    ).toEqual([12, 12]);
    expect(rules.refused.get('quota')).toBe(1);
    expect(report.requests[0]?.series[0]?.stored).toHaveLength(12);
    expect(report.requests[0]).toMatchObject({ outcome: 'failed', errorKind: 'budget-exhausted' });
    expect(report.requests[0]?.error).toMatch(
      /Comtrade's daily call quota of the key in COMTRADE_API_KEY is used up \(answered HTTP 403: Out of call volume quota\. Quota will be replenished in \d\d:\d\d:\d\d\.\); ree-watch asks again after/,
    );
    expect(report.requests[0]?.retryAt).toBeGreaterThan(h.clock.now() + 23 * 3_600_000);
  });

  it('plans no more keyed requests than the daily budget has left', async () => {
    const h = await harness(WEIGHT_WATCHLIST, { COMTRADE_API_KEY: 'comtrade-key-1234567890' });
    const months = magnetMonths(h.clock.now(), 24);
    serveComtrade(h.server, h.clock, [{ partner: 699, hs: '850511', months }]);
    // 498 of the 500 requests of the day are already spent (by another process, or earlier polls).
    const host = new URL(h.server.url).host;
    for (let i = 0; i < 498; i++)
      await h.storage.sql.run('INSERT INTO http_requests (host, at) VALUES (?, ?)', [
        host,
        h.clock.now() - 3_600_000,
      ]);

    const report = await h.poll();

    expect(h.server.hits('/data/v1/get/')).toHaveLength(1);
    expect(report.failed).toBe(false);
    expect(report.requests[0]?.backfill).toEqual({ done: 12, total: 24 });
  });
});

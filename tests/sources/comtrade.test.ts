import { describe, expect, it } from 'vitest';
import { summarizeIngest } from '../../src/pipeline/ingest-summary.js';
import { parseWatchlists } from '../../src/watchlists/load.js';
import {
  availability,
  dataRoute,
  envelope,
  type MonthFigure,
  magnetMonths,
  monthlyRecord,
} from '../helpers/comtrade-answers.js';
import { serveComtrade } from '../helpers/comtrade-service.js';
import { fixture, htmlPage, json, serve, status, truncated } from '../helpers/fixture-server.js';
import { type Harness, useIngestHarness } from '../helpers/ingest-harness.js';

const harness = useIngestHarness();

const WATCHLIST = `
- id: china-india-magnets
  title: China → India magnets
  kind: trade
  source: comtrade
  reporter: CN
  partner: IN
  flow: export
  hs: ["850511"]
  rules: [{ type: stale, days: 75 }]
- id: china-india-magnets-weight
  title: China → India magnets (tonnes)
  kind: trade
  source: comtrade
  reporter: China
  partner: India
  flow: export
  hs: ["850511"]
  measure: weight
  rules: [{ type: stale, days: 75 }]
`;

const TWO_PARTNERS = `
- id: china-india-magnets
  title: China → India magnets
  kind: trade
  source: comtrade
  reporter: CN
  partner: IN
  flow: export
  hs: ["850511"]
  rules: [{ type: stale, days: 75 }]
- id: china-us-magnets
  title: China → US magnets
  kind: trade
  source: comtrade
  reporter: CN
  partner: US
  flow: export
  hs: ["850511"]
  rules: [{ type: stale, days: 75 }]
`;

const PREVIEW = '/public/v1/preview/C/M/HS';
const AVAILABILITY = '/public/v1/getDa/C/M/HS';

/** Comtrade lists 6 months of China's data, and on every later poll lists them republished (or not). */
function republishing(h: Harness, republished = true): MonthFigure[] {
  const months = magnetMonths(h.clock.now(), 6);
  const list = months.map((m) => m.month);
  h.server.route(
    AVAILABILITY,
    json(availability(156, list)),
    json(availability(156, list, republished ? '2025-09-02T08:00:00.1' : undefined)),
  );
  return months;
}

describe('comtrade source', () => {
  it('asks the preview one month per request, newest first, and backfills 24 months over two polls', async () => {
    const h = await harness(WATCHLIST);
    const months = magnetMonths(h.clock.now());
    const rules = serveComtrade(h.server, h.clock, [{ partner: 699, hs: '850511', months }]);

    const first = await h.poll();

    expect(first.failed).toBe(false);
    expect(first.requests).toHaveLength(1);
    expect(first.requests[0]?.watchlists).toEqual(['china-india-magnets', 'china-india-magnets-weight']);
    const periods = h.server.hits(PREVIEW).map((r) => r.url.searchParams.get('period'));
    expect(periods).toEqual(
      months
        .slice(-12)
        .reverse()
        .map((m) => m.month.replace('-', '')),
    );
    expect(Object.fromEntries(h.server.hits(PREVIEW)[0]?.url.searchParams ?? [])).toMatchObject({
      reporterCode: '156',
      partnerCode: '699',
      partner2Code: '0',
      cmdCode: '850511',
      flowCode: 'X',
      motCode: '0',
      customsCode: 'C00',
    });
    expect(first.requests.flatMap((r) => r.series.map((s) => [s.unit, s.stored.length, s.latest]))).toEqual([
      ['USD', 12, '2025-06'],
      ['kg', 12, '2025-06'],
    ]);
    expect(first.requests[0]?.backfill).toEqual({ done: 12, total: 24 });
    expect(summarizeIngest(first).at(-1)).toBe(
      'comtrade backfill: 12 of 24 months (the next polls fetch the rest, newest first)',
    );
    // Paced: at least a second between two Comtrade requests, so the preview never refused one.
    expect(rules.refused.size).toBe(0);

    h.clock.advance(6 * 3_600_000);
    const second = await h.poll();

    expect(second.requests[0]?.series[0]).toMatchObject({ stored: months.slice(0, 12).map((m) => m.month) });
    expect(second.requests[0]?.backfill).toEqual({ done: 24, total: 24 });
    const may = await h.storage.observations.history({
      source: 'comtrade',
      reporter: 'CN',
      partner: 'IN',
      flow: 'export',
      hs: '850511',
      unit: 'kg',
    });
    expect(may.find((o) => o.period === '2025-05')).toMatchObject({
      value: months.find((m) => m.month === '2025-05')?.kg,
      status: 'reported',
    });
    expect(await h.storage.sourceHealth.get('comtrade')).toMatchObject({
      healthy: true,
      consecutiveFailures: 0,
    });
    expect(rules.refused.size).toBe(0);
  });

  it('re-polls without downloading or writing anything when Comtrade published nothing new', async () => {
    const h = await harness(WATCHLIST);
    const months = magnetMonths(h.clock.now(), 6);
    serveComtrade(h.server, h.clock, [{ partner: 699, hs: '850511', months }]);
    await h.poll();
    const before = {
      observations: await h.rows('observations'),
      revisions: await h.count('observation_revisions'),
    };
    h.clock.advance(6 * 3_600_000);

    const report = await h.poll();

    expect(report.requests[0]?.outcome).toBe('unchanged');
    expect(report.requests[0]?.note).toBe('no new Comtrade release since the last poll');
    expect(h.server.hits(PREVIEW)).toHaveLength(6);
    expect(await h.rows('observations')).toEqual(before.observations);
    expect(await h.count('observation_revisions')).toBe(0);
  });

  it('recognises a republication with exactly the same answers without parsing them, and writes nothing', async () => {
    const h = await harness(WATCHLIST);
    const months = republishing(h);
    h.server.route(PREVIEW, dataRoute(months));
    await h.poll();
    const before = await h.rows('observations');
    h.clock.advance(86_400_000);

    const republished = await h.poll();
    const again = await h.poll();

    expect(republished.requests[0]?.outcome).toBe('unchanged');
    expect(republished.requests[0]?.note).toBe(
      'Comtrade republished these months with exactly the figures already stored',
    );
    expect(republished.requests[0]?.series.map((s) => [s.unit, s.stored.length, s.periods])).toEqual([
      ['USD', 0, 6],
      ['kg', 0, 6],
    ]);
    expect(h.server.hits(PREVIEW)).toHaveLength(12);
    expect(await h.rows('observations')).toEqual(before);
    expect(await h.count('observation_revisions')).toBe(0);
    // The new release was recorded: the next poll asks Comtrade for nothing.
    expect(again.requests[0]?.note).toBe('no new Comtrade release since the last poll');
    expect(h.server.hits(PREVIEW)).toHaveLength(12);
  });

  it('fetches again for a weight watchlist added to a route polled for value only, republished or not', async () => {
    const valueOnly = WATCHLIST.split('- id: china-india-magnets-weight')[0] as string;
    for (const republished of [false, true]) {
      const h = await harness(valueOnly);
      const months = republishing(h, republished);
      h.server.route(PREVIEW, dataRoute(months));
      await h.poll();
      h.deps.watchlists = parseWatchlists(WATCHLIST);
      h.clock.advance(86_400_000);

      const report = await h.poll();

      const kg = report.requests[0]?.series.find((s) => s.unit === 'kg');
      expect([republished, kg?.stored.length]).toEqual([republished, 6]);
    }
  });

  it('refetches a republished month and stores the change as a revision with both values', async () => {
    const h = await harness(WATCHLIST);
    const months = republishing(h);
    let served = months;
    h.server.route(
      PREVIEW,
      dataRoute(() => served),
    );
    await h.poll();
    served = months.map((m) => (m.month === '2025-05' ? { ...m, usd: 3_500_000 } : m));
    h.clock.advance(86_400_000);

    const report = await h.poll();

    const usd = report.requests[0]?.series.find((s) => s.unit === 'USD');
    const before = months.find((m) => m.month === '2025-05')?.usd;
    expect(usd?.revised).toEqual([
      {
        period: '2025-05',
        oldValue: before,
        newValue: 3_500_000,
        oldStatus: 'reported',
        newStatus: 'reported',
      },
    ]);
    expect(usd?.stored).toEqual([]);
    expect(await h.count('observations')).toBe(12);
    expect(await h.rows('observation_revisions')).toHaveLength(1);
  });

  it('ignores annual rows, skips and counts bad rows, and keeps the good ones', async () => {
    const h = await harness(WATCHLIST);
    const months = magnetMonths(h.clock.now()).slice(-3);
    const captured = JSON.parse(fixture('comtrade/data-v1-get_C-A-HS_reporter156_2010.json').toString()) as {
      data: unknown[];
    };
    h.server.route(
      AVAILABILITY,
      json(
        availability(
          156,
          months.map((m) => m.month),
        ),
      ),
    );
    h.server.route(PREVIEW, (req, res) => {
      const period = new URL(req.url ?? '', h.server.url).searchParams.get('period');
      const rows = months.filter((m) => m.month.replace('-', '') === period).map((m) => monthlyRecord(m));
      // The June answer also carries an annual row, a row of the wrong types and an absurd figure.
      if (period === '202506')
        rows.push(
          captured.data[1] as Record<string, unknown>,
          { ...monthlyRecord({ month: '2025-06', usd: 1, kg: 1 }), primaryValue: 'n/a' },
          monthlyRecord({ month: '2025-03', usd: -5, kg: 10 }),
        );
      return json(envelope(rows))(req, res);
    });

    const report = await h.poll();

    expect(report.failed).toBe(false);
    const [usd, kg] = report.requests[0]?.series ?? [];
    expect(usd?.stored).toEqual(['2025-04', '2025-05', '2025-06']);
    expect(kg?.stored).toEqual(['2025-03', '2025-04', '2025-05', '2025-06']);
    expect(report.requests[0]?.skipped).toEqual([
      { reason: 'row does not match the Comtrade record schema', count: 1 },
      { reason: 'annual row ignored', count: 1 },
      { reason: 'absurd value', count: 1 },
    ]);
  });

  it('splits a request that hit the 500-row cap by partners, and never keeps the capped page as unchanged', async () => {
    const h = await harness(TWO_PARTNERS);
    const months = magnetMonths(h.clock.now(), 2);
    let served = months;
    h.server.route(
      AVAILABILITY,
      json(
        availability(
          156,
          months.map((m) => m.month),
        ),
      ),
      json(
        availability(
          156,
          months.map((m) => m.month),
          'republished',
        ),
      ),
    );
    h.server.route(PREVIEW, (req, res) => {
      const query = new URL(req.url ?? '', h.server.url).searchParams;
      const partners = (query.get('partnerCode') ?? '').split(',');
      // Both partners in one request: a full page whose first rows never change.
      if (partners.length > 1)
        return json({
          ...envelope([]),
          count: 500,
          data: Array(500).fill(monthlyRecord(months[0] as MonthFigure)),
        })(req, res);
      return dataRoute(() => served, { partnerCode: Number(partners[0]) })(req, res);
    });

    const first = await h.poll();

    expect(first.requests.map((r) => r.series[0]?.stored.length)).toEqual([2, 2]);
    expect(h.server.hits(PREVIEW).map((r) => r.url.searchParams.get('partnerCode'))).toEqual([
      '699,842',
      '699',
      '842',
      '699,842',
      '699',
      '842',
    ]);
    served = months.map((m, i) => (i === 0 ? { ...m, usd: 4_200_000 } : m));
    h.clock.advance(86_400_000);

    const second = await h.poll();

    const usd = second.requests[0]?.series.find((s) => s.unit === 'USD');
    expect(usd?.revised.map((r) => [r.period, r.newValue])).toEqual([[months[0]?.month, 4_200_000]]);
  });

  it('fetches the newest months when the availability endpoint itself is unusable', async () => {
    const h = await harness(WATCHLIST);
    const months = magnetMonths(h.clock.now());
    h.server.route(AVAILABILITY, status(404, '{ "statusCode": 404, "message": "Resource not found" }'));
    h.server.route(PREVIEW, dataRoute(months));
    const report = await h.poll();
    expect(report.failed).toBe(false);
    expect(report.requests[0]?.series[0]?.stored).toHaveLength(12);
  });

  it('never repeats the key when Comtrade quotes it back in an error: not on stdout, in the health record or the log', async () => {
    const h = await harness(WATCHLIST, { COMTRADE_API_KEY: 'comtrade-secret-key-123' });
    const months = magnetMonths(h.clock.now()).slice(-3);
    h.server.route(
      '/data/v1/getDa/C/M/HS',
      json(
        availability(
          156,
          months.map((m) => m.month),
        ),
      ),
    );
    h.server.route(
      '/data/v1/get/C/M/HS',
      json({
        count: 0,
        data: [],
        error: 'Subscription key comtrade-secret-key-123 is not allowed for this period',
      }),
    );

    const report = await h.poll();

    expect(report.requests[0]?.error).toMatch(
      /^comtrade: Comtrade reported an error: Subscription key \[REDACTED\] is not allowed for this period/,
    );
    expect((await h.storage.sourceHealth.get('comtrade'))?.lastError).not.toContain(
      'comtrade-secret-key-123',
    );
  });

  it('uses the keyed data API with the subscription key in a header, never in the URL', async () => {
    const h = await harness(WATCHLIST, { COMTRADE_API_KEY: 'comtrade-secret-key-123' });
    const months = magnetMonths(h.clock.now());
    h.server.route(
      '/data/v1/getDa/C/M/HS',
      json(
        availability(
          156,
          months.map((m) => m.month),
        ),
      ),
    );
    h.server.route('/data/v1/get/C/M/HS', dataRoute(months));

    const report = await h.poll();

    expect(report.failed).toBe(false);
    for (const request of h.server.requests) {
      expect(request.headers['ocp-apim-subscription-key']).toBe('comtrade-secret-key-123');
      expect(request.url.toString()).not.toContain('comtrade-secret-key-123');
    }
  });

  describe('malformed answers: SourceError, source unhealthy, stored data untouched', () => {
    const cases = [
      [
        'an HTML error page served with 200',
        htmlPage('Service Unavailable'),
        /answered with an HTML page titled "Service Unavailable" instead of JSON/,
      ],
      [
        'truncated JSON',
        truncated(
          JSON.stringify(envelope(magnetMonths(Date.parse('2025-07-01')).map((m) => monthlyRecord(m)))),
        ),
        /not valid JSON/,
      ],
      [
        'the wrong schema',
        json({ elapsedTime: '0.1 secs', count: 2, data: 'rows' }),
        /not a Comtrade data answer \(data:/,
      ],
      [
        'cut-off JSON carrying a line break and terminal escapes, on one printable line',
        serve('{"data": [1,\n\u001b[2J\u001b[31m<!here>\u202E\u0007]}'),
        /^comtrade: the answer is not valid JSON \(cut off or garbled: Unexpected token[^\p{Cc}\u202e]*\) \(http:[^\p{Cc}]*$/u,
      ],
      [
        'rows of the wrong types (named as such, with the URL asked)',
        json(
          envelope(
            magnetMonths(Date.parse('2025-07-01'))
              .slice(-3)
              .map((m) => ({ ...monthlyRecord(m), primaryValue: `${m.usd} USD`, refMonth: 'June' })),
          ),
        ),
        /none of the 3 rows could be used \(3 × row does not match the Comtrade record schema\) \(http:\/\/127\.0\.0\.1:\d+\/public\/v1\/preview\/C\/M\/HS\?/,
      ],
      [
        'only absurd values',
        json(envelope([monthlyRecord({ month: '2025-06', usd: 9e15, kg: 9e15 })])),
        /none of the 1 rows could be used \(2 × absurd value\)/,
      ],
    ] as const;
    for (const [what, answer, message] of cases) {
      it(`rejects ${what}`, async () => {
        const h = await harness(WATCHLIST);
        // One released month: one request per poll.
        const months = magnetMonths(h.clock.now()).slice(-1);
        const list = months.map((m) => m.month);
        h.server.route(
          AVAILABILITY,
          json(availability(156, list)),
          json(availability(156, list, 'republished')),
        );
        h.server.route(PREVIEW, json(envelope(months.map((m) => monthlyRecord(m)))), answer);
        await h.poll();
        const stored = await h.rows('observations');

        const report = await h.poll({ force: true });

        expect(report.failed).toBe(true);
        expect(report.requests[0]?.outcome).toBe('failed');
        expect(report.requests[0]?.error).toMatch(message);
        expect(await h.rows('observations')).toEqual(stored);
        expect(await h.storage.sourceHealth.get('comtrade')).toMatchObject({
          healthy: false,
          consecutiveFailures: 1,
        });
        expect((await h.storage.sourceHealth.get('comtrade'))?.lastError).toMatch(message);
      });
    }
  });
});

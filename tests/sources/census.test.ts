import { describe, expect, it } from 'vitest';
import { file, fixture, htmlPage, json, status, truncated } from '../helpers/fixture-server.js';
import { useIngestHarness } from '../helpers/ingest-harness.js';

const harness = useIngestHarness();

// The real capture: US exports of HS10 2710121510 (gasoline) to Canada, 2025-01 … 2025-06.
const WATCHLIST = `
- id: us-gasoline-to-canada
  title: US gasoline exports to Canada
  kind: trade
  source: census
  reporter: US
  partner: CA
  flow: export
  hs: ["2710121510"]
  rules: [{ type: stale, days: 60 }]
`;
const EXPORTS = '/data/timeseries/intltrade/exports/hs';
const REAL = 'census/exports-hs_ALL_VAL_MO_HS10-2710121510_CTY1220_2025H1.json';
const realTable = (): string[][] => JSON.parse(fixture(REAL).toString()) as string[][];
const key = {
  source: 'census',
  reporter: 'US',
  partner: 'CA',
  flow: 'export',
  hs: '2710121510',
  unit: 'USD',
} as const;

describe('census source', () => {
  it('reads the real array-of-arrays answer by column name and stores each month in USD', async () => {
    const h = await harness(WATCHLIST, { CENSUS_API_KEY: 'census-key-abcdef' });
    h.server.route(EXPORTS, file(REAL));

    const report = await h.poll();

    expect(report.failed).toBe(false);
    expect(report.requests[0]?.series[0]).toMatchObject({
      stored: ['2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06'],
      latest: '2025-06',
    });
    expect((await h.storage.observations.history(key))[3]).toMatchObject({
      period: '2025-04',
      value: 1_851_571,
      status: 'reported',
    });
    const params = h.server.hits(EXPORTS)[0]?.url.searchParams;
    expect(params?.get('get')).toBe('CTY_NAME,ALL_VAL_MO');
    expect(params?.get('CTY_CODE')).toBe('1220');
    expect(params?.get('COMM_LVL')).toBe('HS10');
    expect(params?.get('time')).toBe('from 2023-07');
    expect(params?.get('key')).toBe('census-key-abcdef');
  });

  it("stores April's annual revisions as revisions, never as extra months", async () => {
    const h = await harness(WATCHLIST);
    const revised = realTable().map((row, i) => (i === 2 ? ['700000', ...row.slice(1)] : row));
    revised.push(['1600000', 'HS10', '2710121510', '1220', '2025-07']);
    h.server.route(EXPORTS, file(REAL), json(revised));
    await h.poll();

    const report = await h.poll();

    const series = report.requests[0]?.series[0];
    expect(series?.stored).toEqual(['2025-07']);
    expect(series?.revised).toEqual([
      {
        period: '2025-02',
        oldValue: 704_793,
        newValue: 700_000,
        oldStatus: 'reported',
        newStatus: 'reported',
      },
    ]);
    expect(await h.count('observations')).toBe(7);
  });

  it('stores "-" as a month without a figure, not as zero', async () => {
    const h = await harness(WATCHLIST);
    const table = realTable();
    (table[6] as string[])[0] = '-';
    h.server.route(EXPORTS, json(table));
    await h.poll();
    expect((await h.storage.observations.history(key)).at(-1)).toMatchObject({
      period: '2025-06',
      value: null,
      status: 'suppressed',
    });
  });

  it('reads imports by I_COMMODITY and GEN_VAL_MO, checking the country name the API echoes', async () => {
    // No raw imports capture exists: the real exports table with the documented imports column names.
    const imports = realTable().map((row, i) =>
      i === 0 ? ['CTY_NAME', 'GEN_VAL_MO', 'COMM_LVL', 'I_COMMODITY', 'CTY_CODE', 'time'] : ['CHINA', ...row],
    );
    const h = await harness(
      WATCHLIST.replace(
        'reporter: US\n  partner: CA\n  flow: export',
        'reporter: US\n  partner: CN\n  flow: import',
      ),
    );
    h.server.route('/data/timeseries/intltrade/imports/hs', json(imports));
    const report = await h.poll();
    expect(report.requests[0]?.series[0]).toMatchObject({
      partner: 'CN',
      flow: 'import',
      stored: expect.any(Array) as unknown,
    });
    expect(report.requests[0]?.series[0]?.stored).toHaveLength(6);
    const params = h.server.requests[0]?.url.searchParams;
    expect(params?.get('get')).toBe('CTY_NAME,GEN_VAL_MO');
    expect(params?.get('I_COMMODITY')).toBe('2710121510');
    expect(params?.get('CTY_CODE')).toBe('5700');
  });

  it('skips rows for a country other than the one asked for', async () => {
    const table = realTable().map((row, i) =>
      i === 0 ? ['CTY_NAME', ...row] : [i === 1 ? 'MEXICO' : 'CANADA', ...row],
    );
    const h = await harness(WATCHLIST);
    h.server.route(EXPORTS, json(table));
    const report = await h.poll();
    expect(report.requests[0]?.series[0]?.stored).toHaveLength(5);
    expect(report.requests[0]?.skipped).toEqual([{ reason: 'row for another country', count: 1 }]);
  });

  it('re-polls idempotently: the same answer writes nothing', async () => {
    const h = await harness(WATCHLIST);
    h.server.route(EXPORTS, file(REAL));
    await h.poll();
    const stored = await h.rows('observations');
    h.clock.advance(3_600_000);
    const report = await h.poll();
    expect(report.requests[0]?.outcome).toBe('unchanged');
    expect(report.requests[0]?.series[0]).toMatchObject({ stored: [], unchanged: 6, revised: [] });
    expect(await h.rows('observations')).toEqual(stored);
  });

  it('refuses a watchlist the Census cannot answer, in words', async () => {
    const h = await harness(WATCHLIST.replace('reporter: US', 'reporter: CN'));
    const report = await h.poll();
    expect(report.requests[0]?.error).toMatch(
      /the Census publishes US trade only; reporter must be US, not CN/,
    );
    expect(h.server.requests).toHaveLength(0);
  });

  describe('key problems, as the Census answers them since 2026-05-12', () => {
    it('says to set CENSUS_API_KEY, and where to get one, when a keyless request is redirected to missing_key.html', async () => {
      const h = await harness(WATCHLIST);
      h.server.route(
        EXPORTS,
        status(302, '', { location: '/data/missing_key.html', 'x-datawebapi-keyerror': '1' }),
      );
      h.server.route('/data/missing_key.html', htmlPage('Missing Key', '<h1>Missing Key</h1>'));

      const report = await h.poll();

      expect(report.requests[0]?.error).toMatch(
        /^census: the Census API needs a key since 2026-05-12 and none is set: get one free at https:\/\/api\.census\.gov\/data\/key_signup\.html and set CENSUS_API_KEY \(/,
      );
      expect(report.requests[0]?.error).not.toMatch(/not valid JSON/);
    });

    it('names CENSUS_API_KEY when a wrong key gets HTTP 200 with an HTML fragment starting <div', async () => {
      const h = await harness(WATCHLIST, { CENSUS_API_KEY: 'not-a-real-census-key' });
      h.server.route(EXPORTS, file('census/invalid-key_200-fragment.html', { contentType: 'text/html' }));

      const report = await h.poll();

      expect(report.requests[0]?.error).toMatch(
        /^census: the Census API refused the key in CENSUS_API_KEY \("Invalid Key"\); check it, or get a new one free at https:\/\/api\.census\.gov\/data\/key_signup\.html/,
      );
      expect(report.requests[0]?.error).not.toContain('not-a-real-census-key');
    });
  });

  it('reads 204 with an empty body as "no data published", not a failure', async () => {
    const h = await harness(WATCHLIST, { CENSUS_API_KEY: 'census-key-abcdef' });
    h.server.route(EXPORTS, status(204));

    const report = await h.poll();

    expect(report.failed).toBe(false);
    expect(report.requests[0]).toMatchObject({
      outcome: 'unchanged',
      note: 'no data published for HS 2710121510 from 2023-07 (the Census answered 204, no content)',
    });
    expect((await h.storage.sourceHealth.get('census'))?.healthy).toBe(true);
  });

  describe('malformed answers', () => {
    const cases = [
      [
        'an HTML error page with 200',
        htmlPage('Service Unavailable'),
        /HTML page titled "Service Unavailable"/,
      ],
      ['truncated JSON', truncated(fixture(REAL).toString()), /not valid JSON/],
      ['an object instead of a table', json({ error: 'unknown variable' }), /not a Census table/],
      [
        'a table without the value column',
        json([
          ['CTY_CODE', 'time'],
          ['1220', '2025-01'],
        ]),
        /no ALL_VAL_MO column/,
      ],
      [
        'absurd values only',
        json([realTable()[0], ['999999999999999', 'HS10', '2710121510', '1220', '2025-01']]),
        /none of the 1 rows could be used/,
      ],
    ] as const;
    for (const [what, answer, message] of cases) {
      it(`rejects ${what} and leaves stored data untouched`, async () => {
        const h = await harness(WATCHLIST);
        h.server.route(EXPORTS, file(REAL), answer);
        await h.poll();
        const stored = await h.rows('observations');
        const report = await h.poll();
        expect(report.requests[0]?.outcome).toBe('failed');
        expect(report.requests[0]?.error).toMatch(message);
        expect(await h.rows('observations')).toEqual(stored);
        expect((await h.storage.sourceHealth.get('census'))?.healthy).toBe(false);
      });
    }
  });
});

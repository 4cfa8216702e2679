import { describe, expect, it } from 'vitest';
import { fixture, htmlPage, json, status, truncated } from '../helpers/fixture-server.js';
import { useIngestHarness } from '../helpers/ingest-harness.js';

const harness = useIngestHarness();

const WATCHLIST = `
- id: us-critical-minerals-rules
  title: US rules on rare earths
  kind: notice
  source: federal-register
  query: rare earth
  agencies: [industry-and-security-bureau, "Bureau of Industry and Security"]
  match: { any: ["rare earth"] }
`;
const PAGE_1 = '/api/v1/documents.json';
const PAGE_2 = '/api/v1/documents';
const page1 = JSON.parse(
  fixture('federal-register/documents-json_envelope_fields-subset.json').toString(),
) as Record<string, unknown>;
// The last page: the server adds total_pages and results but no next_page_url (api_controller.rb#render_search).
const page2 = {
  description: page1.description,
  count: page1.count,
  total_pages: page1.total_pages,
  results: JSON.parse(
    fixture('federal-register/results-array_agencies-incl-unmatched-raw_name.json').toString(),
  ),
};

describe('federal-register source', () => {
  it('searches newest first, follows next_page_url on the configured host, and stores each document once', async () => {
    const h = await harness(WATCHLIST);
    h.server.route(PAGE_1, json(page1));
    h.server.route(PAGE_2, json(page2));

    const report = await h.poll();

    expect(report.failed).toBe(false);
    expect(report.requests[0]?.notices?.inserted.map((n) => n.id)).toEqual([
      '2026-18736',
      '2026-18724',
      '2024-23737',
      '2024-16451',
    ]);
    const first = h.server.hits(PAGE_1)[0]?.url.searchParams;
    expect(first?.get('conditions[term]')).toBe('rare earth');
    expect(first?.getAll('conditions[agencies][]')).toEqual(['industry-and-security-bureau']);
    expect(first?.get('conditions[publication_date][gte]')).toBe('2025-06-01');
    expect(first?.get('order')).toBe('newest');
    expect(
      h.server.requests.find((r) => r.url.pathname === PAGE_2)?.url.searchParams.get('search_after_cursor'),
    ).toBe('WzE3ODkzNDQwMDAwMDAsIjIwMjYtMTg3MjAiXQ');
    expect(await h.storage.notices.get('federal-register', '2024-16451')).toMatchObject({
      title: 'Regulatory Agenda',
      agency: 'Health and Human Services Department, Office of the Secretary',
      publishedAt: Date.parse('2024-08-16T00:00:00Z'),
      url: `${h.server.url}/d/2024-16451`,
    });
    expect((await h.storage.notices.get('federal-register', '2026-18736'))?.url).toMatch(
      /^https:\/\/www\.federalregister\.gov\/documents\/2026\/09\/14\//,
    );
    expect((await h.storage.notices.get('federal-register', '2026-18736'))?.summary).toMatch(
      /^The Department of Homeland Security/,
    );
  });

  it('re-polls idempotently: known documents write nothing and are not new again', async () => {
    const h = await harness(WATCHLIST);
    h.server.route(PAGE_1, json(page1));
    h.server.route(PAGE_2, json(page2));
    await h.poll();
    const stored = await h.rows('notices');
    h.clock.advance(3_600_000);

    const report = await h.poll();

    expect(report.requests[0]?.outcome).toBe('unchanged');
    expect(report.requests[0]?.notices).toMatchObject({ fetched: 4, inserted: [], updated: 0, unchanged: 4 });
    expect(await h.rows('notices')).toEqual(stored);
  });

  it('takes a search with no hits (no results key at all) as "nothing new", not as an error', async () => {
    const h = await harness(WATCHLIST);
    h.server.route(PAGE_1, json({ count: 0, description: 'Documents matching rare earth' }));
    const report = await h.poll();
    expect(report.failed).toBe(false);
    expect(report.requests[0]?.notices?.fetched).toBe(0);
  });

  describe('malformed answers', () => {
    const cases = [
      [
        'the bot-block page served with 200',
        htmlPage(
          'Federal Register :: Request Access',
          '<p>Due to aggressive automated scraping of FederalRegister.gov and eCFR.gov, programmatic access to these sites is limited</p>',
        ),
        /HTML page titled "Federal Register :: Request Access"/,
      ],
      [
        'a 400 error',
        status(
          400,
          '{"status":400,"message":"Pagination limit exceeded.  No more than 10000 items can be requested at a time"}',
        ),
        /HTTP 400: Pagination limit exceeded/,
      ],
      ['truncated JSON', truncated(JSON.stringify(page1)), /not valid JSON/],
      [
        'a count without results',
        json({ count: 3, description: 'x' }),
        /count is 3 but there are no results/,
      ],
      [
        'a next_page_url leading elsewhere',
        json({ ...page1, next_page_url: 'https://evil.example/steal' }),
        /leads outside the documents API/,
      ],
    ] as const;
    for (const [what, answer, message] of cases) {
      it(`rejects ${what} and stores nothing from it`, async () => {
        const h = await harness(WATCHLIST);
        h.server.route(PAGE_1, answer);
        h.server.route(PAGE_2, json(page2));
        const report = await h.poll();
        expect(report.requests[0]?.outcome).toBe('failed');
        expect(report.requests[0]?.error).toMatch(message);
        expect(await h.count('notices')).toBe(0);
        expect(await h.storage.sourceHealth.get('federal-register')).toMatchObject({
          healthy: false,
          consecutiveFailures: 1,
        });
      });
    }
  });
});

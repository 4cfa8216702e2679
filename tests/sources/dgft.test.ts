import { describe, expect, it } from 'vitest';
import type { Answer } from '../helpers/fixture-server.js';
import { file, fixture, htmlPage, serve, status } from '../helpers/fixture-server.js';
import { useIngestHarness } from '../helpers/ingest-harness.js';

const harness = useIngestHarness();

const WATCHLIST = `
- id: india-dgft-notices
  title: India DGFT notices
  kind: notice
  source: dgft
  match: { any: ["rare earth", "magnet"] }
`;
const HTML = { contentType: 'text/html; charset=utf-8' };
const table = (opt: string) => (url: URL) => url.pathname === '/CP/' && url.searchParams.get('opt') === opt;

async function dgftHarness(
  answers: Partial<Record<'notification' | 'public-notice' | 'trade-notice', Answer[]>> = {},
) {
  const h = await harness(WATCHLIST);
  for (const opt of ['notification', 'public-notice', 'trade-notice'] as const) {
    h.server.route(table(opt), ...(answers[opt] ?? [file(`dgft/${opt}.html`, HTML)]));
  }
  return h;
}

describe('dgft source', () => {
  it('reads the three tables: number, year, description, dd/mm/yyyy date and the PDF link', async () => {
    const h = await dgftHarness();

    const report = await h.poll();

    expect(report.failed).toBe(false);
    expect(report.requests[0]?.notices?.inserted).toHaveLength(6);
    const notices = await h.storage.notices.recent({ source: 'dgft', limit: 10 });
    const no45 = notices.find((n) => n.title.startsWith('Notification No. 45/2025-26'));
    expect(no45).toMatchObject({
      title:
        'Notification No. 45/2025-26: Amendment in Import Policy Condition of specific ITC (HS) Codes of Chapter 29 and 38 of ITC (HS), 2022- Schedule-1 (Import Policy) -reg.',
      publishedAt: Date.parse('2025-10-15T00:00:00+05:30'),
      agency: 'DGFT',
    });
    // Raw spaces in the real PDF names are percent-encoded; an already encoded link stays as it was.
    const trade = notices.find((n) => n.title.startsWith('Trade Notice No. 08/2026'));
    expect(trade?.url).toBe(
      'https://content.dgft.gov.in/Website/dgftprod/8c0d25b8-b12d-4b0d-b0ca-c77424a0892f/Trade%20Notice%20No.08%202026%20dated%2001.07.2026-%20Amendment%20to%20MAS%20Guidelines.pdf',
    );
    expect(notices.find((n) => n.title.includes('SCOMET'))?.url).toBe(
      'https://content.dgft.gov.in/Website/dgftprod/82cccea3-646e-435c-876f-88476c4ed5ca/Updated%20SCOMET%20List%202025%20(as%20on%2023.09.2025).docx.pdf',
    );
    expect(notices.find((n) => n.title.startsWith('Public Notice No. 27/2025-26'))?.title).toContain(
      'rare earth permanent magnets',
    );
  });

  it('re-polls idempotently', async () => {
    const h = await dgftHarness();
    await h.poll();
    const stored = await h.rows('notices');
    const report = await h.poll();
    expect(report.requests[0]?.notices).toMatchObject({ fetched: 6, inserted: [], unchanged: 6 });
    expect(await h.rows('notices')).toEqual(stored);
  });

  it('treats an empty table as blocked, not as "no notices", and keeps the other tables', async () => {
    const h = await dgftHarness({ notification: [file('dgft/empty-table.html', HTML)] });

    const report = await h.poll();

    expect(report.requests[0]?.outcome).toBe('failed');
    expect(report.requests[0]?.errorKind).toBe('blocked');
    expect(report.requests[0]?.error).toMatch(
      /the Notification table has no rows \(page titled "Notifications \| Directorate General/,
    );
    expect(report.requests[0]?.notices?.inserted).toHaveLength(3);
    expect((await h.storage.sourceHealth.get('dgft'))?.healthy).toBe(false);
  });

  describe('malformed answers', () => {
    const cases = [
      [
        '403 Forbidden everywhere (blocked networks)',
        status(403, '<html><head><title>403 Forbidden</title></head></html>'),
        /answered HTTP 403: an HTML page titled "403 Forbidden"/,
      ],
      ['a page without the table', htmlPage('DGFT', '<div id="app">Loading…</div>'), /table has no rows/],
      [
        'rows whose dates are not dd/mm/yyyy',
        serve(
          fixture('dgft/notification.html')
            .toString()
            .replaceAll(/\d{2}\/\d{2}\/\d{4}/g, 'n/a'),
          HTML,
        ),
        /none of the 3 rows of the Notification table could be read/,
      ],
    ] as const;
    for (const [what, answer, message] of cases) {
      it(`rejects ${what} and stores nothing`, async () => {
        const h = await dgftHarness({
          notification: [answer],
          'public-notice': [answer],
          'trade-notice': [answer],
        });
        const report = await h.poll();
        expect(report.requests[0]?.outcome).toBe('failed');
        expect(report.requests[0]?.error).toMatch(message);
        expect(await h.count('notices')).toBe(0);
      });
    }
  });
});

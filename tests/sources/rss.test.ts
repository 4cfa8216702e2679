import { describe, expect, it } from 'vitest';
import { file, fixture, htmlPage, serve } from '../helpers/fixture-server.js';
import { useIngestHarness } from '../helpers/ingest-harness.js';

const harness = useIngestHarness();

const watchlist = (path: string) => (url: string) =>
  `
- id: magnet-news
  title: Magnet news
  kind: notice
  source: rss
  feed: ${url}${path}
  match: { any: ["rare earth"] }
`;
const RSS = { contentType: 'application/rss+xml; charset=utf-8' };
const guardian = fixture('feeds/rss2_guardian_2items.rss').toString('utf8');

describe('rss source', () => {
  it('reads a real RSS 2.0 feed: titles, links, dates, plain-text summaries, feed title as agency', async () => {
    const h = await harness(watchlist('/guardian.rss'));
    h.server.route('/guardian.rss', file('feeds/rss2_guardian_2items.rss', RSS));

    const report = await h.poll();

    expect(report.failed).toBe(false);
    const host = new URL(h.server.url).host;
    expect(report.requests[0]?.healthKey).toBe(`rss:${host}`);
    const id =
      'https://www.theguardian.com/us-news/2018/jan/31/donald-trump-state-of-the-union-address-unity-discord';
    const first = await h.storage.notices.get('rss', id);
    expect(await h.storage.notices.recent({ source: 'rss' })).toHaveLength(2);
    expect(first).toMatchObject({
      title: 'Trump State of the Union address promised unity but emphasized discord',
      publishedAt: Date.parse('Wed, 31 Jan 2018 07:26:05 GMT'),
      agency: 'The Guardian',
      feed: `${h.server.url}/guardian.rss`,
    });
    expect(first?.summary).toMatch(/^The president’s ‘new American moment’ speech/);
    expect(first?.summary).not.toContain('<p>');
    expect((await h.storage.sourceHealth.get(`rss:${host}`))?.healthy).toBe(true);
  });

  it('reads a real Atom feed', async () => {
    const h = await harness(watchlist('/heise.atom'));
    h.server.route(
      '/heise.atom',
      file('feeds/atom_heise_2entries.atom', { contentType: 'application/atom+xml' }),
    );
    await h.poll();
    expect(await h.storage.notices.get('rss', 'http://heise.de/-3088438')).toMatchObject({
      title: 'Java-Anwendungsserver: Red Hat gibt WildFly 10 frei',
      publishedAt: Date.parse('2016-02-01T17:22:00+01:00'),
      agency: 'heise developer neueste Meldungen',
    });
  });

  it('decodes a feed declared ISO-8859-1 (accents intact)', async () => {
    const h = await harness(watchlist('/jn.rss'));
    h.server.route(
      '/jn.rss',
      file('feeds/rss2_iso-8859-1_jn_2items.rss', { contentType: 'application/rss+xml' }),
    );
    await h.poll();
    const titles = (await h.storage.notices.recent({ source: 'rss' })).map((n) => n.title);
    expect(titles).toContain('Mãe de utente é a nova presidente da Raríssimas');
  });

  it('strips HTML from titles, keeps items without dates, and skips duplicate GUIDs', async () => {
    // The real Guardian feed, edited: markup in the first title, no dates on the second, then the first item again.
    const items = guardian.split('<item>');
    const first = `<item>${items[1]}`.replace(
      '<title>Trump State of the Union',
      '<title>&lt;b&gt;Rare earth&lt;/b&gt; &amp;amp; Trump State of the Union',
    );
    const second = `<item>${items[2]}`
      .replace(/<pubDate>[^<]*<\/pubDate>/, '')
      .replace(/<dc:date>[^<]*<\/dc:date>/, '')
      .replace('</channel>', '')
      .replace('</rss>', '');
    const edited = `${items[0]}${first}${second}${first}</channel></rss>`;
    const h = await harness(watchlist('/edited.rss'));
    h.server.route('/edited.rss', serve(edited, RSS));

    const report = await h.poll();

    const notices = await h.storage.notices.recent({ source: 'rss' });
    expect(notices).toHaveLength(2);
    expect(notices.map((n) => n.title)).toContain(
      'Rare earth & Trump State of the Union address promised unity but emphasized discord',
    );
    expect(notices.find((n) => n.publishedAt === null)).toBeDefined();
    expect(report.requests[0]?.skipped).toEqual([{ reason: 'duplicate item id', count: 1 }]);
  });

  it('re-polls idempotently, and a 304 costs no parsing at all', async () => {
    const h = await harness(watchlist('/guardian.rss'));
    h.server.route('/guardian.rss', file('feeds/rss2_guardian_2items.rss', { ...RSS, etag: '"g1"' }));
    await h.poll();
    const stored = await h.rows('notices');
    const report = await h.poll();
    expect(report.requests[0]?.outcome).toBe('unchanged');
    expect(report.requests[0]?.note).toBe('not modified since the last poll (304)');
    expect(h.server.requests.at(-1)?.headers['if-none-match']).toBe('"g1"');
    expect(await h.rows('notices')).toEqual(stored);
  });

  it('refuses a feed on a private address unless ALLOW_PRIVATE_URLS is true', async () => {
    const h = await harness(watchlist('/guardian.rss'), { ALLOW_PRIVATE_URLS: 'false' });
    h.server.route('/guardian.rss', file('feeds/rss2_guardian_2items.rss', RSS));
    const report = await h.poll();
    expect(report.requests[0]?.errorKind).toBe('blocked');
    expect(report.requests[0]?.error).toMatch(/loopback, private or link-local address/);
    expect(h.server.requests).toHaveLength(0);
  });

  describe('malformed answers', () => {
    const cases = [
      ['an HTML page with 200', htmlPage('Just a moment...'), /HTML page titled "Just a moment..."/],
      ['text that is not a feed', serve('{"items": []}', RSS), /not an RSS or Atom feed/],
      ['an empty body', serve('', RSS), /empty body/],
    ] as const;
    for (const [what, answer, message] of cases) {
      it(`rejects ${what}`, async () => {
        const h = await harness(watchlist('/feed'));
        h.server.route('/feed', file('feeds/rss2_guardian_2items.rss', RSS), answer);
        await h.poll();
        const stored = await h.rows('notices');
        const report = await h.poll();
        expect(report.requests[0]?.error).toMatch(message);
        expect(await h.rows('notices')).toEqual(stored);
        expect((await h.storage.sourceHealth.get(report.requests[0]?.healthKey ?? ''))?.healthy).toBe(false);
      });
    }
  });
});

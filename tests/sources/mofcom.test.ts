import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { file, fixture, htmlPage, json, serve, status } from '../helpers/fixture-server.js';
import { useIngestHarness } from '../helpers/ingest-harness.js';

const harness = useIngestHarness();

const WATCHLIST = `
- id: china-export-controls
  title: China export-control notices on rare earths
  kind: notice
  source: mofcom
  match: { any: ["稀土", "出口管制", "rare earth"] }
`;
const HTML = { contentType: 'text/html; charset=utf-8' };
const SHELL = '/zwgk/zcfb/index.html';
const UNIT = '/api-gateway/jpaas-publish-server/front/page/build/unit';
const ENGLISH = '/en/Policies/AnnouncementsOrders/index.html';

async function mofcomHarness() {
  const h = await harness(WATCHLIST);
  h.server.route(SHELL, file('mofcom/zcfb-index_shell.html', HTML));
  h.server.route(UNIT, file('mofcom/api-gateway-unit_page1.json'));
  h.server.route(ENGLISH, file('mofcom/en-announcements-orders.html', HTML));
  return h;
}

describe('mofcom source', () => {
  it('decodes a list page served as GBK with no charset anywhere, so 稀土 matches', async () => {
    const h = await harness(WATCHLIST);
    // An older list page that carries its items inline, GBK-encoded, no charset in header or markup.
    const unit = JSON.parse(fixture('mofcom/api-gateway-unit_page1.json').toString('utf8')) as {
      data: { html: string };
    };
    const page = `<html><head><title>政策发布</title></head><body>${unit.data.html}</body></html>`;
    h.server.route(SHELL, serve(iconv.encode(page, 'gbk'), { contentType: 'text/html' }));
    h.server.route(ENGLISH, file('mofcom/en-announcements-orders.html', HTML));

    const report = await h.poll();

    expect(report.failed).toBe(false);
    const titles = (await h.storage.notices.recent({ source: 'mofcom' })).map((notice) => notice.title);
    expect(titles).toContain('商务部公告2025年第62号 公布对稀土相关技术实施出口管制的决定');
    expect(titles.filter((title) => title.includes('稀土'))).toHaveLength(3);
  });

  it('reads the Chinese list through the page unit service and the English list, titles as published', async () => {
    const h = await mofcomHarness();

    const report = await h.poll();

    expect(report.failed).toBe(false);
    const no18 = await h.storage.notices.get(
      'mofcom',
      '/zwgk/zcfb/art/2025/art_9c2108ccaf754f22a34abab2fedaa944.html',
    );
    expect(no18).toMatchObject({
      // The full title from the title attribute, not the shortened link text.
      title: '商务部 海关总署公告2025年第18号 公布对部分中重稀土相关物项实施出口管制的决定',
      url: `${h.server.url}/zwgk/zcfb/art/2025/art_9c2108ccaf754f22a34abab2fedaa944.html`,
      // A list date without a time is that calendar day (00:00 UTC), so it reads 2025-04-04 everywhere.
      publishedAt: Date.parse('2025-04-04T00:00:00Z'),
      agency: '商务部 (MOFCOM)',
    });
    expect(
      await h.storage.notices.get(
        'mofcom',
        '/Policies/AnnouncementsOrders/art/2025/art_0dd87cbee7b045bf93fabe6ab2faceee.html',
      ),
    ).toMatchObject({
      publishedAt: Date.parse('2025-04-04T18:00:00+08:00'),
      agency: 'MOFCOM',
    });
    expect(report.requests[0]?.notices?.inserted).toHaveLength(4);
    const unit = h.server.hits(UNIT)[0]?.url.searchParams;
    expect(unit?.get('pageId')).toBe('fc8bdff48fa345a48b651c1285b70b8f');
    expect(unit?.get('pageNo')).toBe('1');
    expect(
      (await h.storage.notices.recent({ source: 'mofcom' })).filter((n) => n.title.includes('稀土')),
    ).toHaveLength(3);
  });

  it('also reads the legacy layout, where the list is in the page itself and dates carry a time', async () => {
    const h = await harness(WATCHLIST);
    // The older CMS markup scrapers document: ul.txtList_01 in the page, separator rows, "YYYY-MM-DD HH:MM:SS".
    const legacy = `<html><head><title>政策发布</title></head><body><ul class="txtList_01">
      <li><a href="/article/b/c/202504/20250403589012.shtml" title="商务部 海关总署公告2025年第18号 公布对部分中重稀土相关物项实施出口管制的决定">商务部 海关总署公告2025年第18号…</a><span>2025-04-04 18:00:00</span></li>
      <li class="listline"></li>
      <li><a href="./202504/20250403589013.shtml">关于公布2025年第一批出口许可证管理货物目录的公告</a></li>
    </ul></body></html>`;
    h.server.route(SHELL, serve(legacy, HTML));
    h.server.route(ENGLISH, file('mofcom/en-announcements-orders.html', HTML));

    await h.poll();

    expect(
      (await h.storage.notices.get('mofcom', '/article/b/c/202504/20250403589012.shtml'))?.publishedAt,
    ).toBe(Date.parse('2025-04-04T18:00:00+08:00'));
    expect(await h.storage.notices.get('mofcom', '/zwgk/zcfb/202504/20250403589013.shtml')).toMatchObject({
      title: '关于公布2025年第一批出口许可证管理货物目录的公告',
      publishedAt: null,
    });
  });

  it('re-polls idempotently', async () => {
    const h = await mofcomHarness();
    await h.poll();
    const stored = await h.rows('notices');
    h.clock.advance(3_600_000);
    const report = await h.poll();
    expect(report.requests[0]?.notices).toMatchObject({ fetched: 4, inserted: [], unchanged: 4 });
    expect(await h.rows('notices')).toEqual(stored);
  });

  it('finds a new announcement although the column page, an unchanging shell, answers 304', async () => {
    const h = await harness(WATCHLIST);
    const shell = fixture('mofcom/zcfb-index_shell.html');
    h.server.route(SHELL, serve(shell, { ...HTML, etag: '"shell-v1"' }));
    const page1 = JSON.parse(fixture('mofcom/api-gateway-unit_page1.json').toString('utf8')) as {
      data: { html: string };
    };
    // A synthetic item (not a real announcement), newer than the fixture's.
    const newItem =
      '<li><a href="/zwgk/zcfb/art/2025/art_00000000000000000000000000000099.html" title="（测试）新增的稀土出口管制公告">（测试）新增的稀土出口管制公告</a><span>[2025-11-07]</span></li>';
    const page2 = {
      ...page1,
      data: { html: page1.data.html.replace('<ul class="txtList_01">', `<ul class="txtList_01">${newItem}`) },
    };
    h.server.route(UNIT, json(page1), json(page2));
    h.server.route(ENGLISH, file('mofcom/en-announcements-orders.html', HTML));
    await h.poll();

    const report = await h.poll();

    expect(report.requests[0]?.notices?.inserted.map((notice) => notice.title)).toEqual([
      '（测试）新增的稀土出口管制公告',
    ]);
  });

  it('reports an anti-bot page as a failure, never as "no new notices"', async () => {
    const h = await harness(WATCHLIST);
    const challenge = file('mofcom/anti-bot-challenge.html', HTML);
    h.server.route(SHELL, file('mofcom/zcfb-index_shell.html', HTML), challenge);
    h.server.route(UNIT, file('mofcom/api-gateway-unit_page1.json'));
    h.server.route(ENGLISH, file('mofcom/en-announcements-orders.html', HTML), challenge);
    await h.poll();
    const stored = await h.rows('notices');

    const report = await h.poll();

    expect(report.requests[0]?.outcome).toBe('failed');
    expect(report.requests[0]?.errorKind).toBe('blocked');
    expect(report.requests[0]?.error).toMatch(
      /no items in the policy-release list \(page titled "安全验证"\): an anti-bot check or a changed layout/,
    );
    expect(await h.rows('notices')).toEqual(stored);
    expect((await h.storage.sourceHealth.get('mofcom'))?.healthy).toBe(false);
  });

  it('stores the working list but stays unhealthy when the other list breaks', async () => {
    const h = await harness(WATCHLIST);
    h.server.route(SHELL, file('mofcom/zcfb-index_shell.html', HTML));
    h.server.route(UNIT, file('mofcom/api-gateway-unit_page1.json'));
    h.server.route(ENGLISH, status(503, 'Service Unavailable'));

    const report = await h.poll();

    expect(report.requests[0]?.outcome).toBe('failed');
    expect(report.requests[0]?.error).toMatch(/answered HTTP 503/);
    expect(report.requests[0]?.notices?.inserted).toHaveLength(3);
    expect(await h.storage.sourceHealth.get('mofcom')).toMatchObject({
      healthy: false,
      consecutiveFailures: 1,
    });
  });

  it('refuses to follow a page to a list service on another host', async () => {
    const h = await harness(WATCHLIST);
    h.server.route(
      SHELL,
      serve('<div querydata="{}" url="http://169.254.169.254/latest/meta-data"></div>', HTML),
    );
    h.server.route(ENGLISH, file('mofcom/en-announcements-orders.html', HTML));
    const report = await h.poll();
    expect(report.requests[0]?.error).toMatch(/the list service is on another host \(169\.254\.169\.254\)/);
    expect(report.requests[0]?.notices?.inserted).toHaveLength(1);
  });

  describe('malformed answers', () => {
    const cases = [
      [
        'a unit answer without data.html',
        json({ code: '500', success: false, data: null }),
        /without data\.html/,
      ],
      [
        'an HTML error page instead of the unit JSON',
        htmlPage('502 Bad Gateway'),
        /HTML page titled "502 Bad Gateway"/,
      ],
      [
        'a unit list with no items',
        json({ code: '200', success: true, data: { html: '<ul class="txtList_01"></ul>' } }),
        /no items in the policy-release list/,
      ],
    ] as const;
    for (const [what, answer, message] of cases) {
      it(`rejects ${what}`, async () => {
        const h = await harness(WATCHLIST);
        h.server.route(SHELL, file('mofcom/zcfb-index_shell.html', HTML));
        h.server.route(UNIT, answer);
        h.server.route(ENGLISH, htmlPage('Announcements and Orders', '<div class="list"></div>'));
        const report = await h.poll();
        expect(report.requests[0]?.outcome).toBe('failed');
        expect(report.requests[0]?.error).toMatch(message);
        expect(await h.count('notices')).toBe(0);
      });
    }
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { dataFooter } from '../../src/demo/footer.js';
import { ReplayClock } from '../../src/demo/replay-clock.js';
import { CITATIONS } from '../../src/demo/snapshot/citations.js';
import { RARE_EARTHS_TOTAL, TRADE_SERIES, type TradeSeries } from '../../src/demo/snapshot/trade.js';
import { SnapshotServer } from '../../src/demo/snapshot-server.js';

const servers: SnapshotServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

const series = (partner: TradeSeries['partner'], hs = '850511') =>
  TRADE_SERIES.find((item) => item.partner === partner && item.hs === hs) as TradeSeries;
const t = (item: TradeSeries, month: string) => item.figures[month]?.tonnes ?? Number.NaN;
const change = (from: number, to: number) => ((to - from) / from) * 100;
const sum = (item: TradeSeries, months: string[]) =>
  months.reduce((total, month) => total + t(item, month), 0);
const months = (year: number, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => `${year}-${String(from + i).padStart(2, '0')}`);

describe('the demo snapshot tells the published story, and says where it does not', () => {
  it('cites an outlet for every published figure, and the calculation for every derived one', () => {
    for (const item of TRADE_SERIES)
      for (const [month, figure] of Object.entries(item.figures)) {
        if (figure.basis === 'published') expect(figure.cite, `${item.label} ${month}`).toBeDefined();
        if (figure.basis === 'derived') expect(figure.note, `${item.label} ${month}`).toMatch(/\d/);
        if (figure.cite) expect(CITATIONS[figure.cite].outlet).not.toBe('');
      }
  });

  it('reproduces the published changes from the figures it derived', () => {
    const world = series('WORLD');
    expect(change(t(world, '2025-03'), t(world, '2025-04'))).toBeCloseTo(-51, 0); // SMM: −51 % m/m
    expect(change(t(world, '2024-04'), t(world, '2025-04'))).toBeCloseTo(-45, 0); // SMM: −45 % y/y
    expect(change(t(world, '2024-05'), t(world, '2025-05'))).toBeCloseTo(-74, 0); // Reuters: −74 % y/y
    expect(change(t(world, '2025-05'), t(world, '2025-06'))).toBeCloseTo(157.5, 0); // +157.5 % m/m
    expect(sum(world, months(2025, 1, 5))).toBe(19_132); // Jan–May 2025
    expect(sum(world, [...months(2024, 1, 12)])).toBeCloseTo(58_120, -1); // SMM's 2024 total
    const us = series('US');
    expect(sum(us, months(2025, 1, 6))).toBeCloseTo(2_510, -1); // H1 2025
    expect(change(t(us, '2025-06'), t(us, '2025-07'))).toBeCloseTo(75.5, 0);
  });

  it('keeps China → India illustrative, shaped by India’s published −56 % for April–September', () => {
    const india = series('IN');
    expect(Object.values(india.figures).every((figure) => figure.basis === 'illustrative')).toBe(true);
    expect(change(sum(india, months(2024, 4, 9)), sum(india, months(2025, 4, 9)))).toBeCloseTo(-56, 0);
    const footer = dataFooter().join('\n');
    expect(footer).toContain('China → India magnets: every month;');
    expect(footer).toContain('Not confirmed anywhere, so not used:');
    expect(footer).not.toMatch(/China → India magnets: 20\d\d:/); // never listed as published
  });

  it('lists every published figure in the footer the demo prints', () => {
    const footer = dataFooter().join('\n');
    const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
    for (const item of TRADE_SERIES)
      for (const figure of Object.values(item.figures))
        if (figure.basis === 'published') expect(footer).toContain(count.format(figure.tonnes));
    for (const figure of Object.values(RARE_EARTHS_TOTAL))
      if (figure.basis === 'published') expect(footer).toContain(count.format(figure.tonnes));
  });
});

describe('the snapshot server answers as of the demo date', () => {
  async function start(date: string) {
    const clock = new ReplayClock(Date.parse(date));
    const server = await SnapshotServer.start(clock);
    servers.push(server);
    const get = async (path: string) => (await fetch(`${server.url}${path}`)).text();
    return { clock, server, get };
  }

  it('serves a month only from the day China’s customs published it, one month a request', async () => {
    const { clock, server, get } = await start('2025-05-20T12:00:00Z');
    const periods = (text: string) =>
      (JSON.parse(text) as { data: { period: number | string }[] }).data.map((row) => String(row.period));
    expect(periods(await get('/public/v1/getDa/C/M/HS?reporterCode=156')).at(-1)).toBe('202504');
    const preview = (month: string) =>
      `/public/v1/preview/C/M/HS?reporterCode=156&partnerCode=699,842&cmdCode=850511&flowCode=X&period=${month}`;
    // The preview's pace: a second between requests (the demo clock's sleep moves it, costing nothing).
    await clock.sleep(1_000);
    expect(periods(await get(preview('202504')))).toEqual(['202504', '202504']);
    await clock.sleep(1_000);
    expect(periods(await get(preview('202505')))).toEqual([]);
    clock.set(Date.parse('2025-06-20T12:00:00Z'));
    expect(periods(await get(preview('202505')))).toEqual(['202505', '202505']);
    await clock.sleep(1_000);
    const twoMonths = await fetch(`${server.url}${preview('202504,202505')}`);
    expect([twoMonths.status, await twoMonths.json()]).toEqual([
      400,
      { error: 'Maximum number of periods for preview is 1' },
    ]);
    expect(periods(await get(preview('202504')))).toHaveLength(2);
    const tooSoon = await fetch(`${server.url}${preview('202504')}`);
    expect([tooSoon.status, tooSoon.headers.get('retry-after')]).toEqual([429, '1']);
  });

  it('lists notices and news only once published, and answers a repeat with 304', async () => {
    const { clock, server, get } = await start('2025-04-21T12:00:00Z');
    const unit = '/api-gateway/jpaas-publish-server/front/page/build/unit?pageNo=1';
    expect(await get(unit)).toContain('公告2025年第18号');
    expect(await get(unit)).not.toContain('第61号');
    const register = '/api/v1/documents.json?conditions[publication_date][gte]=2025-01-01';
    expect(JSON.parse(await get(register))).toMatchObject({
      count: 1,
      results: [{ document_number: '2025-06836' }],
    });
    clock.set(Date.parse('2025-10-20T12:00:00Z'));
    expect(await get(unit)).toContain('第61号');
    expect(await get('/feeds/rare-earth-magnets.xml')).toContain('dip 6.1% in September');

    const first = await fetch(`${server.url}${unit}`);
    const again = await fetch(`${server.url}${unit}`, {
      headers: { 'if-none-match': first.headers.get('etag') ?? '' },
    });
    expect(again.status).toBe(304);
  });
});

import { describe, expect, it } from 'vitest';
import type { NoticeWatchlist } from '../../src/model/watchlist.js';
import { containsKeyword, matchKeywords, normaliseForMatch } from '../../src/rules/keyword-match.js';
import { evaluateNoticeWatchlist, type SeenNotice } from '../../src/rules/notice-rule.js';
import { parseWatchlists } from '../../src/watchlists/load.js';

const NOW = Date.parse('2025-10-12T00:00:00Z');
const DAY = 86_400_000;

function watchlist(extra = ''): NoticeWatchlist {
  const [loaded] = parseWatchlists(`
- id: china-export-controls
  title: China export-control notices on rare earths
  kind: notice
  source: mofcom
  match: { any: ["rare earth", "稀土", "export control"] }
${extra}`);
  return loaded as NoticeWatchlist;
}

function notice(overrides: Partial<SeenNotice>): SeenNotice {
  return {
    source: 'mofcom',
    id: '2025-61',
    title: '商务部公告2025年第61号 公布对境外相关稀土物项实施出口管制的决定',
    url: 'https://www.mofcom.gov.cn/zwgk/zcfb/art/2025/art_61.html',
    publishedAt: Date.parse('2025-10-09T00:00:00Z'),
    agency: 'MOFCOM',
    summary: null,
    firstSeenAt: NOW - DAY,
    ...overrides,
  };
}

describe('notice rule', () => {
  it('fires on a Chinese title containing 稀土, once per notice, with a link', () => {
    const fired = evaluateNoticeWatchlist(watchlist(), [notice({})], NOW);
    expect(fired).toMatchObject([
      {
        alert: {
          kind: 'event',
          dedupKey: 'china-export-controls/notice/mofcom/2025-61',
          headline:
            'New China MOFCOM notice of 2025-10-09: 商务部公告2025年第61号 公布对境外相关稀土物项实施出口管制的决定',
          url: 'https://www.mofcom.gov.cn/zwgk/zcfb/art/2025/art_61.html',
        },
      },
    ]);
    expect(fired[0]?.alert.facts).toContainEqual({ label: 'Matched', value: '稀土' });
  });

  it('ignores notices older than max_age_days, so the first poll of a feed does not flood channels', () => {
    const old = notice({ id: 'old', publishedAt: NOW - 31 * DAY });
    const undated = notice({ id: 'undated', publishedAt: null, firstSeenAt: NOW - 2 * DAY });
    const fired = evaluateNoticeWatchlist(watchlist(), [old, undated], NOW);
    expect(fired.map((outcome) => outcome.subject)).toEqual(['mofcom:undated']);
    expect(evaluateNoticeWatchlist(watchlist('  max_age_days: 60'), [old], NOW)).toHaveLength(1);
  });

  it('does not fire on notices that match no keyword', () => {
    const unrelated = notice({
      title: 'Announcement on the Canton Fair opening hours',
      summary: 'Trade fair.',
    });
    expect(evaluateNoticeWatchlist(watchlist(), [unrelated], NOW)).toEqual([]);
  });

  it('filters by agency, by name or slug, anywhere in the agency line', () => {
    const byName = watchlist('  agencies: ["Industry and Security Bureau"]');
    const strict = watchlist('  agencies: ["industry-and-security-bureau"]');
    const bis = notice({
      title: 'Export control on rare earth magnets',
      agency: 'Commerce Department; Industry and Security Bureau',
    });
    expect(evaluateNoticeWatchlist(strict, [bis], NOW)).toHaveLength(1);
    expect(evaluateNoticeWatchlist(byName, [bis], NOW)).toHaveLength(1);
    expect(evaluateNoticeWatchlist(strict, [notice({ agency: 'MOFCOM' })], NOW)).toEqual([]);
    expect(evaluateNoticeWatchlist(strict, [notice({ agency: null })], NOW)).toEqual([]);
  });
});

describe('keyword matching', () => {
  it.each([
    ['RARE EARTH elements', 'rare earth', true],
    ['Rare-Earth magnets', 'rare earth', true],
    ['rare\u00a0earths', 'rare earth', true],
    ['ＲＡＲＥ ＥＡＲＴＨ (full width)', 'rare earth', true],
    ['关于稀土出口管制的公告', '稀土', true],
    ['urban planning', 'ban', false],
    ['neodymium magnets', 'magnet', true],
    ['Ban on exports', 'ban', true],
    ['出口管制', 'export control', false],
  ])('%s ∋ %s → %s', (text, keyword, expected) => {
    expect(containsKeyword(normaliseForMatch(text), keyword)).toBe(expected);
  });

  it('any needs one keyword, all needs every keyword, both need both', () => {
    expect(matchKeywords('rare earth export control', { any: ['lithium', 'rare earth'], all: [] })).toEqual({
      matched: true,
      keywords: ['rare earth'],
    });
    expect(
      matchKeywords('rare earth notice', { any: [], all: ['rare earth', 'export control'] }).matched,
    ).toBe(false);
    expect(
      matchKeywords('Rare earth export control', { any: ['magnet', 'license'], all: ['rare earth'] }).matched,
    ).toBe(false);
  });
});

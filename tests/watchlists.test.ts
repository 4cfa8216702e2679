import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadWatchlists, parseWatchlists, WatchlistError } from '../src/watchlists/load.js';
import { useTempDir } from './helpers/temp-dir.js';

const tempDir = useTempDir();

function problemsOf(yaml: string): string[] {
  try {
    parseWatchlists(yaml, 'w.yaml');
  } catch (error) {
    if (error instanceof WatchlistError) return error.problems;
    throw error;
  }
  return [];
}

const trade = (extra: string) => `
- id: t1
  title: T
  kind: trade
  source: comtrade
  reporter: CN
  partner: IN
  flow: export
  hs: ["850511"]
${extra}`;

describe('the default watchlists', () => {
  it('load cleanly and include every id the design promises', () => {
    const ids = loadWatchlists('config/watchlists.yaml').map((watchlist) => watchlist.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'china-india-magnets',
        'china-us-magnets',
        'china-japan-magnets',
        'china-world-rare-earths',
        'china-export-controls',
        'us-critical-minerals-rules',
        'india-dgft-notices',
      ]),
    );
  });

  it('resolve countries to canonical codes and apply defaults', () => {
    const [magnets] = loadWatchlists('config/watchlists.yaml');
    expect(magnets).toMatchObject({
      id: 'china-india-magnets',
      reporter: 'CN',
      partner: 'IN',
      unit: 'USD',
      // No reminders unless the watchlist sets `repeat`.
      repeatIntervalMs: Number.POSITIVE_INFINITY,
    });
    const world = loadWatchlists('config/watchlists.yaml').find(
      (watchlist) => watchlist.id === 'china-world-rare-earths',
    );
    expect(world).toMatchObject({ partner: 'WORLD', hs: ['2846', '280530'] });
  });
});

describe('parseWatchlists', () => {
  it('reports each problem on its own line with the watchlist id and field', () => {
    const problems = problemsOf(
      trade(`  rules:
    - { type: drop, compare: last-week, percent: 20 }
    - { type: drop, compare: trailing-average, percent: 30 }
    - { type: streak, months: 1 }
    - { type: explode }`),
    );
    expect(problems).toEqual([
      'w.yaml: t1: rules[0].compare: expected one of previous-month, same-month-last-year, trailing-average',
      'w.yaml: t1: rules[1].months: trailing-average needs "months" (how many months to average)',
      'w.yaml: t1: rules[2].months: expected at least 2 months',
      'w.yaml: t1: rules[3].type: expected one of drop, rise, floor, streak, stale, revision',
    ]);
  });

  it('takes notify_resolved on the rules whose recovery is posted, and says why not on a rise', () => {
    expect(
      problemsOf(
        trade(`  rules:
    - { type: drop, compare: previous-month, percent: 20, notify_resolved: false }
    - { type: floor, below: 1000, notify_resolved: false }
    - { type: streak, months: 3, notify_resolved: true }`),
      ),
    ).toEqual([]);
    expect(
      problemsOf(
        trade(`  rules:
    - { type: rise, compare: previous-month, percent: 50, notify_resolved: false }
    - { type: drop, compare: previous-month, percent: 20, notify_resolved: "no" }`),
      ),
    ).toEqual([
      'w.yaml: t1: rules[0].notify_resolved: notify_resolved applies to drop, floor and streak rules: the end of a rise is never posted',
      'w.yaml: t1: rules[1].notify_resolved: expected true or false',
    ]);
  });

  it('refuses thresholds that could never fire: a drop past 100%, a floor at 0, months a comparison ignores', () => {
    expect(
      problemsOf(
        trade(`  rules:
    - { type: drop, compare: previous-month, percent: 150 }
    - { type: drop, compare: previous-month, percent: 100 }
    - { type: drop, compare: same-month-last-year, percent: 0 }
    - { type: rise, compare: previous-month, percent: 150 }
    - { type: floor, below: 0 }
    - { type: drop, compare: previous-month, percent: 30, below: 0 }
    - { type: drop, compare: previous-month, percent: 30, months: 6 }`),
      ),
    ).toEqual([
      'w.yaml: t1: rules[0].percent: a drop can be at most 100% (down to zero), so it would never fire; expected a percentage above 0 and up to 100',
      'w.yaml: t1: rules[2].percent: expected a percentage above 0',
      'w.yaml: t1: rules[4].below: expected an amount above 0: no month is ever below 0, so it would never fire',
      'w.yaml: t1: rules[5].below: expected an amount above 0: no month is ever below 0, so it would never fire',
      'w.yaml: t1: rules[6].months: "months" applies to compare: trailing-average only; drop rules against another comparison ignore it',
    ]);
  });

  it('says what a percentage looks like when it is words, not that it is missing', () => {
    expect(problemsOf(trade('  rules: [{ type: drop, compare: previous-month, percent: "fifty" }]'))).toEqual(
      ['w.yaml: t1: rules[0].percent: expected a number, such as 20 for 20%'],
    );
  });

  it('takes HS codes of the lengths each source publishes, and says which when not', () => {
    const withCodes = (source: string, reporter: string, hs: string) =>
      trade('  rules: [{ type: stale, days: 60 }]')
        .replace('source: comtrade', `source: ${source}`)
        .replace('reporter: CN', `reporter: ${reporter}`)
        .replace('hs: ["850511"]', `hs: ${hs}`);
    expect(problemsOf(withCodes('comtrade', 'CN', '["85", "8505", "850511"]'))).toEqual([]);
    expect(problemsOf(withCodes('census', 'US', '["8505", "8505110000"]'))).toEqual([]);
    expect(problemsOf(withCodes('gacc', 'CN', '["85051110"]'))).toEqual([]);
    expect(problemsOf(withCodes('csv', 'CN', '["85051110", "8505110000"]'))).toEqual([]);
    expect(problemsOf(withCodes('comtrade', 'CN', '["85051", "85051110"]'))).toEqual([
      'w.yaml: t1: hs[0]: "85051" has 5 digits; HS codes have 2, 4, 6, 8 or 10 digits (chapter, heading, subheading, or a national tariff line)',
      'w.yaml: t1: hs[1]: "85051110" has 8 digits; UN Comtrade publishes HS codes of 2, 4 or 6 digits (the international HS; 8 and 10 digits are national tariff lines)',
    ]);
    expect(problemsOf(withCodes('census', 'US', '["85051110"]'))).toEqual([
      'w.yaml: t1: hs[0]: "85051110" has 8 digits; the US Census publishes HS codes of 2, 4, 6 or 10 digits',
    ]);
    expect(problemsOf(withCodes('gacc', 'CN', '["8505110000"]'))).toEqual([
      'w.yaml: t1: hs[0]: "8505110000" has 10 digits; China\'s customs (GACC) publishes HS codes of 2, 4, 6 or 8 digits',
    ]);
  });

  it('tells an HS code of the wrong length along with the other problems of the watchlist', () => {
    expect(
      problemsOf(trade('  rules: [{ type: floor, below: 0 }]').replace('hs: ["850511"]', 'hs: ["8505111"]')),
    ).toEqual([
      'w.yaml: t1: rules[0].below: expected an amount above 0: no month is ever below 0, so it would never fire',
      expect.stringMatching(
        /^w\.yaml: t1: hs\[0\]: "8505111" has 7 digits; HS codes have 2, 4, 6, 8 or 10 digits/,
      ),
    ]);
  });

  it('caps the title, which heads every alert and chart, with a clear message', () => {
    const title = 'China → India rare-earth magnet exports, '.repeat(4);
    expect(
      problemsOf(trade('  rules: [{ type: stale, days: 60 }]').replace('title: T', `title: "${title}"`)),
    ).toEqual([
      'w.yaml: t1: title: expected a title of at most 120 characters (it heads every alert and chart of the watchlist)',
    ]);
  });

  it('suggests a country for a typo', () => {
    const problems = problemsOf(
      trade('  rules: [{ type: stale, days: 60 }]').replace('partner: IN', 'partner: Indai'),
    );
    expect(problems).toEqual([
      expect.stringContaining('w.yaml: t1: partner: "Indai" is not a country I know'),
    ]);
    expect(problems[0]).toContain('did you mean India');
  });

  it('refuses duplicate ids, unknown fields and missing keywords', () => {
    const problems = problemsOf(`
- { id: dup, title: A, kind: notice, source: mofcom, match: { any: [稀土] } }
- { id: dup, title: B, kind: notice, source: mofcom, match: { any: [] }, colour: red }
- { id: feedless, title: C, kind: notice, source: rss, match: { any: [x] } }
`);
    expect(problems).toEqual([
      'w.yaml: dup: match: expected keywords in "any" or "all"',
      'w.yaml: dup: unknown field "colour"',
      'w.yaml: feedless: feed: an rss watchlist needs "feed" (the feed URL)',
    ]);
  });

  it('points at the line of a YAML syntax error', () => {
    expect(problemsOf('- id: a\n  title: [unclosed\n')).toEqual([
      expect.stringMatching(/^w\.yaml:\d+:\d+: invalid YAML: /),
    ]);
  });

  it('names a missing kind and a file that is not a list', () => {
    expect(problemsOf('- { id: a, title: A }')).toEqual([
      'w.yaml: a: kind: expected kind: trade or kind: notice',
    ]);
    expect(problemsOf('id: a')).toEqual([
      'w.yaml: expected a list of watchlists (each item starting with "- id: …")',
    ]);
  });

  it('reports an alias to no anchor, and aliases that expand without end, as one line each', () => {
    expect(problemsOf('- *nothing')).toEqual([expect.stringMatching(/^w\.yaml: invalid YAML: .*alias/i)]);
    const laughs = [
      'a: &a [x, x, x, x, x, x, x, x, x]',
      ...'bcdefghi'
        .split('')
        .map((name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`),
    ].join('\n');
    expect(problemsOf(laughs)).toEqual([expect.stringMatching(/^w\.yaml: invalid YAML: /)]);
  });

  it('refuses terminal escapes and line breaks in titles and keywords, and never echoes a bad id', () => {
    const problems = problemsOf(
      '- { id: a1, title: "\\e[31mred", kind: notice, source: mofcom, match: { any: ["rare\\nearth"] } }\n' +
        '- { id: "\\e]0;pwned\\a", title: T, kind: notice, source: mofcom, match: { any: [x] } }',
    );
    expect(problems).toEqual([
      'w.yaml: a1: title: expected a title without line breaks, tabs or control characters',
      'w.yaml: a1: match.any[0]: expected a keyword without line breaks, tabs or control characters',
      expect.stringMatching(/^w\.yaml: item 2: id: expected lower-case letters/),
    ]);
  });

  it('lets a watchlist reuse rules anchored in an earlier one, and reads comments and CRLF line ends', () => {
    const yaml = [
      '# rare earths',
      trade('  rules: &usual [{ type: stale, days: 60 }]'),
      '# second',
      trade('  rules: *usual').replace('id: t1', 'id: t2').replace('partner: IN', 'partner: JP'),
      '- { id: n1, title: N, kind: notice, source: mofcom, match: { any: [稀土] } }',
    ].join('\n');
    for (const text of [yaml, yaml.replaceAll('\n', '\r\n')]) {
      const watchlists = parseWatchlists(text);
      expect(watchlists.map((watchlist) => watchlist.id)).toEqual(['t1', 't2', 'n1']);
      expect(watchlists[1]).toMatchObject({ partner: 'JP', rules: [{ type: 'stale', days: 60 }] });
    }
  });

  it('keeps Chinese keywords as written', () => {
    const [watchlist] = parseWatchlists(
      '- { id: cn, title: C, kind: notice, source: mofcom, match: { all: [稀土, 出口管制] } }',
    );
    expect(watchlist).toMatchObject({ match: { any: [], all: ['稀土', '出口管制'] }, max_age_days: 30 });
  });

  it('refuses a watchlist file with no watchlists in it: empty, comments only, or an empty list', () => {
    const dir = tempDir();
    for (const [name, text] of [
      ['empty.yaml', ''],
      ['comments.yaml', '# my watchlists\n\n'],
      ['list.yaml', '[]\n'],
    ] as const) {
      const file = join(dir, name);
      writeFileSync(file, text);
      expect(() => loadWatchlists(file)).toThrow(
        `${file}: no watchlists in the file; add at least one (config/watchlists.yaml has examples), or unset WATCHLISTS_FILE to use the defaults`,
      );
    }
  });

  it('says which file is missing and how to point at another', () => {
    expect(() => loadWatchlists('/nope/w.yaml')).toThrow(
      '/nope/w.yaml: file not found; set WATCHLISTS_FILE to your watchlist file',
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { limitViolations } from '../../../adapters/discord/limits.js';
import { renderDigest } from '../../../adapters/discord/render-digest.js';
import { hiddenEmbeds } from '../../../src/demo/fakes/discord-embed-display.js';
import type { AlertDigest, NoticeGroup, SeriesEntry } from '../../../src/render/alert-digest.js';
import { digestOf, mofcomNotices, seriesEntry } from '../../helpers/digests.js';
import { HOSTILE, unescapedMarkdown } from './markdown-check.js';

const US_JUNE = seriesEntry({
  key: 'china-us-magnets/hs-850511/2025-06',
  watchlistId: 'china-us-magnets',
  watchlistTitle: 'China → United States rare-earth magnet exports',
  marker: 'rise',
  severity: 'warning',
  headline:
    "China → United States rare-earth magnet exports rebounded to 353 t in June 2025, +667% on May's 46 t",
  comparisons: '+667% m/m (46 t) ▲ · still -44% y/y (625 t) ▼; back above the -25% monthly-drop threshold',
  url: 'https://comtradeplus.un.org/TradeFlow?Frequency=M&Flows=X&CommodityCodes=850511&Partners=842&Reporters=156&period=2025&AggregateBy=none&BreakdownMode=plus',
});

describe('renderDigest (Discord embeds)', () => {
  it('never links a URL carrying a user name or password, so a credential is not posted to the channel', () => {
    const url = 'https://reader:s3cret@feeds.example.org/notice/18';
    const notices = mofcomNotices();
    notices.notices = notices.notices.map((notice) => ({ ...notice, url }));
    const messages = renderDigest(digestOf([seriesEntry({ url })], [notices]));
    const shown = JSON.stringify(messages);
    expect(shown).not.toContain('s3cret');
    expect(shown).not.toContain('reader:');
    expect(shown).toContain('feeds.example.org/notice/18');
  });

  it('renders a series as one embed: its headline linked to the series, the combined line, the source, colour and time', () => {
    const messages = renderDigest(digestOf([seriesEntry()]));
    expect(messages).toHaveLength(1);
    expect(messages[0]?.allowed_mentions).toEqual({ parse: [] });
    expect(messages[0]?.embeds).toEqual([
      {
        author: { name: 'Rare-earth watch: 1 series fell' },
        title:
          "▼ China → world rare-earth magnet exports fell further to 1,238 t in May 2025, -74% on May 2024's 4,812 t",
        url: 'https://comtradeplus.un.org/TradeFlow?Frequency=M&Flows=X&CommodityCodes=850511&Partners=0&Reporters=156&period=2025&AggregateBy=none&BreakdownMode=plus',
        color: 0xda373c,
        description: [
          '-53% m/m (2,627 t) ▼ · still -74% y/y (4,812 t) ▼',
          'Source: [UN Comtrade](https://comtradeplus.un.org/TradeFlow?Frequency=M&Flows=X&CommodityCodes=850511&Partners=0&Reporters=156&period=2025&AggregateBy=none&BreakdownMode=plus)',
        ].join('\n'),
        footer: { text: 'china-world-magnets · changed · critical' },
        timestamp: '2025-06-20T06:00:00.000Z',
      },
    ]);
  });

  it('puts the overview first, one embed per series, then one per notice source listing each notice as a link', () => {
    const [message, ...more] = renderDigest(
      digestOf(
        [seriesEntry(), US_JUNE],
        [mofcomNotices()],
        'Rare-earth watch: 1 series fell, 1 rose · 1 new China MOFCOM notice',
      ),
    );
    expect(more).toEqual([]);
    const embeds = message?.embeds ?? [];
    expect(embeds.map((embed) => embed.author?.name)).toEqual([
      'Rare-earth watch: 1 series fell, 1 rose · 1 new China MOFCOM notice',
      undefined,
      undefined,
    ]);
    expect(embeds.map((embed) => embed.title?.slice(0, 30))).toEqual([
      '▼ China → world rare-earth mag',
      '▲ China → United States rare-e',
      'China MOFCOM: 1 new notice',
    ]);
    expect(embeds[1]?.description?.split('\n')[0]).toBe(
      '+667% m/m (46 t) ▲ · still -44% y/y (625 t) ▼; back above the -25% monthly-drop threshold',
    );
    expect(embeds[1]?.color).toBe(0x5865f2);
    expect(embeds[2]).toMatchObject({
      description: [
        '• [MOFCOM and GAC Announcement No. 18 of 2025 on Export Control of Certain Medium and Heavy Rare Earth-related Items](https://english.mofcom.gov.cn/Policies/AnnouncementsOrders/art/2025/art_0dd87cbee7b045bf93fabe6ab2faceee.html)',
        '2025-04-04 · MOFCOM · matched: rare earth, export control',
      ].join('\n'),
      footer: { text: 'china-export-controls' },
    });
    expect(embeds[2]?.url).toBeUndefined();
  });

  it('gives every embed of a message a distinct URL or none, so Discord hides none of them', () => {
    // Two watchlists on the same series link the same Comtrade query; the notices share none.
    const twin = seriesEntry({
      key: 'other',
      watchlistId: 'world-magnets-copy',
      headline: 'The same series, another watchlist',
    });
    const [message] = renderDigest(digestOf([seriesEntry(), twin, US_JUNE], [mofcomNotices()]));
    const embeds = message?.embeds ?? [];
    expect(embeds).toHaveLength(4);
    expect(hiddenEmbeds(embeds)).toBe(0);
    expect(embeds.map((embed) => embed.url !== undefined)).toEqual([true, false, true, false]);
    // The second still says where its figures come from.
    expect(embeds[1]?.description).toContain('Source: [UN Comtrade](https://comtradeplus.un.org/');
  });

  it('splits a huge digest across messages without losing a series or exceeding a limit', () => {
    const entries = Array.from({ length: 120 }, (_, index) =>
      seriesEntry({
        key: `k${index}`,
        watchlistId: `watchlist-${index}`,
        headline: `Series ${index}: ${'exports fell sharply again '.repeat(5)}`,
        comparisons: 'still -74% y/y (4,812 t) ▼ '.repeat(60),
      }),
    );
    const messages = renderDigest(digestOf(entries));
    expect(messages.length).toBeGreaterThan(10);
    for (const message of messages) {
      expect(limitViolations(message)).toEqual([]);
      expect(hiddenEmbeds(message.embeds)).toBe(0);
    }
    const json = JSON.stringify(messages);
    let from = 0;
    for (let index = 0; index < entries.length; index++) {
      const at = json.indexOf(`Series ${index}: `, from);
      expect(at).toBeGreaterThanOrEqual(from);
      from = at;
    }
  });

  it('shows hostile headlines, lines, notice titles and sources literally and never pings', () => {
    const hostile = HOSTILE.join(' ');
    const entry = seriesEntry({ headline: hostile, comparisons: hostile, source: hostile, url: undefined });
    const notices = mofcomNotices({
      source: hostile,
      notices: [{ key: 'n', watchlistId: 'w', title: hostile, detail: hostile }],
    });
    const messages = renderDigest(digestOf([entry, entry], [notices], hostile));
    for (const message of messages) {
      expect(message.allowed_mentions).toEqual({ parse: [] });
      for (const embed of message.embeds) {
        expect(unescapedMarkdown(embed.title ?? '')).toEqual([]);
        expect(unescapedMarkdown(embed.description ?? '')).toEqual([]);
      }
    }
    expect(JSON.stringify(messages)).not.toMatch(/@everyone|@here/i);
  });

  it('stays within every limit, and hides no embed, for any digest (property)', () => {
    const short = fc.string({ unit: 'grapheme', maxLength: 300 });
    const long = fc
      .array(
        fc.constantFrom('稀土', 'magnets', '🧲', '**x**', '@everyone', 'https://example.com/a_b', '\n'),
        { maxLength: 900 },
      )
      .map((words) => words.join(' '));
    const textArb = fc.oneof({ arbitrary: short, weight: 4 }, { arbitrary: long, weight: 1 });
    // Few distinct URLs, so repeats within a message are common.
    const url = fc.option(
      fc.constantFrom('https://a.example/1', 'https://a.example/2', 'https://b.example/'),
      {
        nil: undefined,
      },
    );
    const entryArb = fc.record({
      key: fc.string(),
      watchlistId: fc.constantFrom('china-india-magnets', 'a'.repeat(63)),
      watchlistTitle: textArb,
      transition: fc.constantFrom('enter', 'change', 'recover', 'remind', 'revised'),
      marker: fc.constantFrom('fall', 'rise', 'recovered', 'warning'),
      severity: fc.constantFrom('info', 'warning', 'critical'),
      headline: textArb,
      comparisons: textArb,
      notes: fc.array(fc.record({ marker: fc.constant('warning'), text: textArb }), { maxLength: 3 }),
      source: fc.string({ maxLength: 300 }),
      url,
    }) as fc.Arbitrary<SeriesEntry>;
    const groupArb = fc.record({
      source: fc.string({ maxLength: 100 }),
      notices: fc.array(
        fc.record({ key: fc.string(), watchlistId: fc.string(), title: textArb, detail: textArb, url }),
        { minLength: 1, maxLength: 12 },
      ),
    }) as fc.Arbitrary<NoticeGroup>;
    fc.assert(
      fc.property(
        fc.record({
          title: textArb,
          series: fc.array(entryArb, { maxLength: 15 }),
          notices: fc.array(groupArb, { maxLength: 3 }),
          generatedAt: fc.constant(Date.parse('2025-06-20T06:00:00Z')),
        }),
        (digest: AlertDigest) => {
          const messages = renderDigest(digest);
          expect(messages.length).toBeGreaterThan(0);
          for (const message of messages) {
            expect(limitViolations(message)).toEqual([]);
            expect(hiddenEmbeds(message.embeds)).toBe(0);
            expect(message.allowed_mentions).toEqual({ parse: [] });
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});

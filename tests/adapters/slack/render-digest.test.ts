import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderDigest } from '../../../adapters/slack/render-digest.js';
import type { NoticeGroup, SeriesEntry } from '../../../src/render/alert-digest.js';
import {
  expectWithinSlackLimits,
  longText,
  squeezed,
  textsOfType,
  visibleText,
} from '../../helpers/block-kit-limits.js';
import { digestOf, mofcomNotices, seriesEntry } from '../../helpers/digests.js';

describe('renderDigest (Slack Block Kit)', () => {
  it('renders the overview as the header, each series as one section with its combined line, then a context line with its link', () => {
    const entry = seriesEntry({
      notes: [
        { marker: 'warning', text: 'The figure for April 2025 was revised from 2,500 t to 2,627 t (+5.1%).' },
      ],
    });
    const [message, ...more] = renderDigest(digestOf([entry]));
    expect(more).toEqual([]);
    expect(message?.blocks).toEqual([
      {
        type: 'header',
        text: { type: 'plain_text', text: 'Rare-earth watch: 1 series fell', emoji: false },
      },
      {
        type: 'section',
        text: {
          type: 'plain_text',
          text: [
            "▼ China → world rare-earth magnet exports fell further to 1,238 t in May 2025, -74% on May 2024's 4,812 t",
            '-53% m/m (2,627 t) ▼ · still -74% y/y (4,812 t) ▼',
            '⚠ The figure for April 2025 was revised from 2,500 t to 2,627 t (+5.1%).',
          ].join('\n'),
          emoji: false,
        },
      },
      {
        type: 'context',
        elements: [
          { type: 'plain_text', text: 'china-world-magnets · changed · critical', emoji: false },
          {
            type: 'mrkdwn',
            text: 'Source: UN Comtrade · <https://comtradeplus.un.org/TradeFlow?Frequency=M&amp;Flows=X&amp;CommodityCodes=850511&amp;Partners=0&amp;Reporters=156&amp;period=2025&amp;AggregateBy=none&amp;BreakdownMode=plus|comtradeplus.un.org>',
            verbatim: true,
          },
        ],
      },
    ]);
    expect(message?.text).toBe(
      "Rare-earth watch: 1 series fell\n▼ China → world rare-earth magnet exports fell further to 1,238 t in May 2025, -74% on May 2024's 4,812 t",
    );
    expect(message).toMatchObject({ unfurl_links: false, unfurl_media: false });
  });

  it('lists the new notices of each source in one section, each title linked, after the series', () => {
    const [message] = renderDigest(
      digestOf(
        [seriesEntry()],
        [mofcomNotices()],
        'Rare-earth watch: 1 series fell · 1 new China MOFCOM notice',
      ),
    );
    const blocks = message?.blocks ?? [];
    expect(blocks.map((block) => block.type)).toEqual(['header', 'section', 'context', 'section', 'context']);
    expect(blocks[3]).toEqual({
      type: 'section',
      text: {
        type: 'mrkdwn',
        text: [
          '*China MOFCOM: 1 new notice*',
          '• <https://english.mofcom.gov.cn/Policies/AnnouncementsOrders/art/2025/art_0dd87cbee7b045bf93fabe6ab2faceee.html|MOFCOM and GAC Announcement No. 18 of 2025 on Export Control of Certain Medium and Heavy Rare Earth-related Items>',
          '      2025-04-04 · MOFCOM · matched: rare earth, export control',
        ].join('\n'),
        verbatim: true,
      },
    });
    expect(blocks[4]).toEqual({
      type: 'context',
      elements: [{ type: 'plain_text', text: 'china-export-controls', emoji: false }],
    });
  });

  it('uses the same markers as the console and Discord: ▼ fall, ▲ rise, ✓ recovered, ⚠ stale or revised', () => {
    const entries = (['fall', 'rise', 'recovered', 'warning'] as const).map((marker, index) =>
      seriesEntry({ key: `k${index}`, marker, headline: `Series ${index}` }),
    );
    const [message] = renderDigest(digestOf(entries));
    const headlines = textsOfType(message ?? {}, 'plain_text')
      .filter((text) => text.startsWith('Series') || /^[▼▲✓⚠] Series/.test(text))
      .map((text) => text.split('\n')[0]);
    expect(headlines).toEqual(['▼ Series 0', '▲ Series 1', '✓ Series 2', '⚠ Series 3']);
  });

  it('splits 60 series into several messages of at most 50 blocks, each with its own header, losing none', () => {
    const entries = Array.from({ length: 60 }, (_, index) =>
      seriesEntry({ key: `k${index}`, headline: `Series number ${index + 1} fell` }),
    );
    const messages = renderDigest(digestOf(entries));
    expect(messages.length).toBeGreaterThan(1);
    messages.forEach((message, index) => {
      expectWithinSlackLimits(message);
      expect(message.blocks[0]).toMatchObject({
        type: 'header',
        text: { text: `Rare-earth watch: 1 series fell (${index + 1}/${messages.length})` },
      });
    });
    const headlines = messages
      .flatMap((message) => textsOfType(message, 'plain_text'))
      .filter((text) => text.startsWith('▼'))
      .map((text) => text.split('\n')[0]);
    expect(headlines).toEqual(entries.map((item) => `▼ ${item.headline}`));
    // A series' section and its context line always travel together.
    for (const message of messages) {
      const types = message.blocks.slice(1).map((block) => block.type);
      expect(types.join(',')).toMatch(/^(section,context,?)+$/);
    }
  });

  it('never turns hostile text from a source into mentions, links or markup', () => {
    const hostile =
      '<!channel> <@U123> <!here|here> @everyone & *bold* _it_ ~s~ `code` <https://evil.example|click> 稀土 🚨';
    const [message] = renderDigest(
      digestOf(
        [
          seriesEntry({
            headline: hostile,
            comparisons: hostile,
            watchlistId: 'x',
            source: hostile,
            url: 'https://example.org/a?x=1&y=<b>|c',
          }),
        ],
        [
          mofcomNotices({
            source: hostile,
            notices: [
              { key: 'n', watchlistId: 'w', title: hostile, detail: hostile, url: 'https://example.org/n' },
            ],
          }),
        ],
        hostile,
      ),
    );
    if (!message) throw new Error('no message');
    expectWithinSlackLimits(message);
    // Plain text is shown literally by Slack: no escaping needed, nothing parsed.
    expect(textsOfType(message, 'plain_text')).toContain(`▼ ${hostile}\n${hostile}`);
    // Our mrkdwn holds no raw < except the two links we built; the URL is percent-encoded.
    const mrkdwn = textsOfType(message, 'mrkdwn').join('\n');
    expect(mrkdwn.match(/</g)).toHaveLength(2);
    expect(mrkdwn).toContain('<https://example.org/a?x=1&amp;y=%3Cb%3E%7Cc|example.org>');
    expect(mrkdwn).toContain('&lt;!channel&gt; &lt;@U123&gt;');
    expect(mrkdwn).not.toMatch(/@everyone/);
    // The notification text is mrkdwn too: escaped, no live mention.
    expect(message.text).not.toMatch(/<[!@#]/);
    expect(message.text).toContain(
      '&lt;!channel&gt; &lt;@U123&gt; &lt;!here|here&gt; @\u200beveryone &amp; *bold*',
    );
  });

  it('does not link URLs that are not http(s), and still shows them', () => {
    const [message] = renderDigest(digestOf([seriesEntry({ url: 'javascript:alert(1)' })]));
    if (!message) throw new Error('no message');
    expect(textsOfType(message, 'mrkdwn').join('')).not.toContain('javascript:');
    expect(textsOfType(message, 'plain_text')).toContain('javascript:alert(1)');
  });

  it('never links a URL carrying a user name or password, so a credential is not posted to the channel', () => {
    const url = 'https://reader:s3cret@feeds.example.org/notice/18';
    const notices = mofcomNotices();
    notices.notices = notices.notices.map((notice) => ({ ...notice, url }));
    const [message] = renderDigest(digestOf([seriesEntry({ url })], [notices]));
    if (!message) throw new Error('no message');
    const shown = JSON.stringify(message);
    expect(shown).not.toContain('s3cret@');
    expect(shown).not.toContain('<https://reader:');
    expect(shown).toContain('feeds.example.org/notice/18');
  });

  it('keeps every limit and every word for any digest, however large or strange (property)', () => {
    const text = (maxLength: number) => fc.string({ unit: 'grapheme', maxLength });
    const line = fc.oneof({ arbitrary: text(300), weight: 5 }, { arbitrary: longText(3000), weight: 1 });
    const entry = fc.record({
      key: fc.string(),
      watchlistId: fc.stringMatching(/^[a-z-]{1,40}$/),
      watchlistTitle: text(200),
      transition: fc.constantFrom('enter', 'change', 'recover', 'remind', 'revised'),
      marker: fc.constantFrom('fall', 'rise', 'recovered', 'warning'),
      severity: fc.constantFrom('info', 'warning', 'critical'),
      headline: line,
      comparisons: line,
      notes: fc.array(fc.record({ marker: fc.constant('warning'), text: line }), { maxLength: 3 }),
      source: text(80),
      url: fc.option(fc.webUrl(), { nil: undefined }),
    }) as fc.Arbitrary<SeriesEntry>;
    const group = fc.record({
      source: text(80),
      notices: fc.array(
        fc.record({
          key: fc.string(),
          watchlistId: fc.stringMatching(/^[a-z-]{1,40}$/),
          title: fc.oneof(text(200), longText(1000)),
          detail: text(300),
          url: fc.option(fc.webUrl(), { nil: undefined }),
        }),
        { minLength: 1, maxLength: 30 },
      ),
    }) as fc.Arbitrary<NoticeGroup>;
    fc.assert(
      fc.property(
        fc.array(entry, { maxLength: 30 }),
        fc.array(group, { maxLength: 3 }),
        fc.oneof(text(40), longText(150)),
        (series, notices, title) => {
          const messages = renderDigest(digestOf(series, notices, title));
          for (const message of messages) expectWithinSlackLimits(message);
          const shown = visibleText(messages);
          for (const item of series) {
            expect(shown).toContain(squeezed(item.headline));
            expect(shown).toContain(squeezed(item.comparisons));
          }
        },
      ),
      { numRuns: 20 },
    );
  });
});

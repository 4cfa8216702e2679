import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderDigest } from '../../../adapters/slack/render-digest.js';
import type { AlertDigest, AlertItem } from '../../../src/render/alert-digest.js';
import {
  expectWithinSlackLimits,
  longText,
  squeezed,
  textsOfType,
  visibleText,
} from '../../helpers/block-kit-limits.js';

function alert(overrides: Partial<AlertItem> = {}): AlertItem {
  return {
    dedupKey: 'k',
    watchlistId: 'china-india-magnets',
    watchlistTitle: 'China → India rare-earth magnet exports',
    rule: 'drop',
    state: 'firing',
    severity: 'warning',
    headline: 'China → India magnet exports fell 45 % in 2025-05: 272 t → 150 t',
    facts: [
      { label: 'From', value: '272 t' },
      { label: 'To', value: '150 t' },
      { label: 'Change', value: '−45 %' },
      { label: 'Period', value: '2025-05' },
    ],
    source: 'UN Comtrade',
    url: 'https://comtradeplus.un.org/TradeFlow?Frequency=M&Flows=X&Reporters=156&Partners=699&Commodities=850511',
    ...overrides,
  };
}

const digest = (alerts: AlertItem[], title = 'ree-watch: alerts for #rare-earths'): AlertDigest => ({
  title,
  alerts,
  generatedAt: 0,
});

describe('renderDigest (Slack Block Kit)', () => {
  it('renders a header, one section per alert with its figures as fields, and a context line with the source link', () => {
    const [message, ...more] = renderDigest(digest([alert()]));
    expect(more).toEqual([]);
    expect(message?.blocks).toEqual([
      {
        type: 'header',
        text: { type: 'plain_text', text: 'ree-watch: alerts for #rare-earths', emoji: false },
      },
      {
        type: 'section',
        text: {
          type: 'plain_text',
          text: '▼ China → India magnet exports fell 45 % in 2025-05: 272 t → 150 t',
          emoji: false,
        },
        fields: [
          { type: 'mrkdwn', text: '*From*\n272 t', verbatim: true },
          { type: 'mrkdwn', text: '*To*\n150 t', verbatim: true },
          { type: 'mrkdwn', text: '*Change*\n−45 %', verbatim: true },
          { type: 'mrkdwn', text: '*Period*\n2025-05', verbatim: true },
        ],
      },
      {
        type: 'context',
        elements: [
          {
            type: 'plain_text',
            text: 'China → India rare-earth magnet exports (china-india-magnets) · new',
            emoji: false,
          },
          {
            type: 'mrkdwn',
            text: 'Source: UN Comtrade · <https://comtradeplus.un.org/TradeFlow?Frequency=M&amp;Flows=X&amp;Reporters=156&amp;Partners=699&amp;Commodities=850511|comtradeplus.un.org>',
            verbatim: true,
          },
        ],
      },
    ]);
    expect(message?.text).toBe(
      'ree-watch: alerts for #rare-earths\n▼ China → India magnet exports fell 45 % in 2025-05: 272 t → 150 t',
    );
    expect(message).toMatchObject({ unfurl_links: false, unfurl_media: false });
  });

  it('splits 60 alerts into several messages of at most 50 blocks, each with its own header, losing none', () => {
    const alerts = Array.from({ length: 60 }, (_, index) =>
      alert({ headline: `Alert number ${index + 1} fell` }),
    );
    const messages = renderDigest(digest(alerts));
    expect(messages.length).toBeGreaterThan(1);
    messages.forEach((message, index) => {
      expectWithinSlackLimits(message);
      expect(message.blocks[0]).toMatchObject({
        type: 'header',
        text: { text: `ree-watch: alerts for #rare-earths (${index + 1}/${messages.length})` },
      });
    });
    const headlines = messages
      .flatMap((message) => textsOfType(message, 'plain_text'))
      .filter((text) => text.startsWith('▼'));
    expect(headlines).toEqual(alerts.map((item) => `▼ ${item.headline}`));
    // An alert's section and its context line always travel together.
    for (const message of messages) {
      const types = message.blocks.slice(1).map((block) => block.type);
      expect(types.join(',')).toMatch(/^(section,context,?)+$/);
    }
  });

  it('never turns hostile text from a source into mentions, links or markup', () => {
    const hostile =
      '<!channel> <@U123> <!here|here> @everyone & *bold* _it_ ~s~ `code` <https://evil.example|click> 稀土 🚨';
    const [message] = renderDigest(
      digest(
        [
          alert({
            headline: hostile,
            watchlistTitle: hostile,
            source: hostile,
            facts: [{ label: '<@U123>', value: hostile }],
            url: 'https://example.org/a?x=1&y=<b>|c',
          }),
        ],
        hostile,
      ),
    );
    if (!message) throw new Error('no message');
    expectWithinSlackLimits(message);
    // Plain text is shown literally by Slack: no escaping needed, nothing parsed.
    expect(textsOfType(message, 'plain_text')).toContain(`▼ ${hostile}`);
    // Our mrkdwn holds no raw < except the one link we built; its URL is percent-encoded.
    const mrkdwn = textsOfType(message, 'mrkdwn').join('\n');
    expect(mrkdwn.match(/</g)).toHaveLength(1);
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
    const [message] = renderDigest(digest([alert({ url: 'javascript:alert(1)' })]));
    if (!message) throw new Error('no message');
    expect(textsOfType(message, 'mrkdwn').join('')).not.toContain('javascript:');
    expect(textsOfType(message, 'plain_text')).toContain('javascript:alert(1)');
  });

  it('keeps every limit and every word for any digest, however large or strange (property)', () => {
    const text = (maxLength: number) => fc.string({ unit: 'grapheme', maxLength });
    const item = fc.record({
      dedupKey: fc.constant('k'),
      watchlistId: fc.stringMatching(/^[a-z-]{1,40}$/),
      watchlistTitle: text(200),
      rule: fc.constant('drop'),
      state: fc.constantFrom('firing', 'repeat', 'resolved'),
      severity: fc.constantFrom('info', 'warning', 'critical'),
      headline: fc.oneof({ arbitrary: text(300), weight: 5 }, { arbitrary: longText(3000), weight: 1 }),
      facts: fc.array(
        fc.record({
          label: fc.stringMatching(/^[A-Za-z ]{0,20}$/),
          value: fc.oneof({ arbitrary: text(40), weight: 8 }, { arbitrary: longText(2000), weight: 1 }),
        }),
        { maxLength: 14 },
      ),
      source: text(80),
      url: fc.option(fc.webUrl(), { nil: undefined }),
    }) as fc.Arbitrary<AlertItem>;
    fc.assert(
      fc.property(fc.array(item, { maxLength: 40 }), fc.oneof(text(40), longText(150)), (alerts, title) => {
        const messages = renderDigest(digest(alerts, title));
        for (const message of messages) expectWithinSlackLimits(message);
        const shown = visibleText(messages);
        for (const entry of alerts) {
          expect(shown).toContain(squeezed(entry.headline));
          for (const fact of entry.facts) expect(shown).toContain(squeezed(fact.value));
        }
      }),
      { numRuns: 20 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderReply } from '../../../adapters/slack/render-reply.js';
import { errorReply, type Reply, reply } from '../../../src/render/reply.js';
import {
  expectWithinSlackLimits,
  longText,
  squeezed,
  textsOfType,
  visibleText,
} from '../../helpers/block-kit-limits.js';

const HOSTILE =
  '<!channel> <@U123> <#C999|general> @here & *bold* _it_ ~s~ ```x``` <https://evil.example|click> 稀土出口 👩‍👩‍👧‍👦🚨';

describe('renderReply (Slack response_url messages)', () => {
  it('renders title, plain-text lines, a monospace table, fields, links and footer', () => {
    const messages = renderReply(
      reply('India', [], {
        sections: [
          { lines: ['China → India magnet exports, last 3 months'] },
          {
            heading: 'Monthly (t)',
            lines: ['2025-04  272', '2025-05  150', '2025-06  172'],
            monospace: true,
          },
        ],
        fields: [{ name: 'Trend', value: '▁▃▂' }],
        links: [{ label: 'UN Comtrade', url: 'https://comtradeplus.un.org/' }],
        footer: 'Data: UN Comtrade, fetched 2025-07-01',
        visibility: 'in_channel',
      }),
    );
    expect(messages).toHaveLength(1);
    expect(messages[0]).toEqual({
      response_type: 'in_channel',
      text: 'India',
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: 'India', emoji: false } },
        {
          type: 'section',
          text: { type: 'plain_text', text: 'China → India magnet exports, last 3 months', emoji: false },
        },
        { type: 'section', text: { type: 'mrkdwn', text: '*Monthly (t)*', verbatim: true } },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: '```\n2025-04  272\n2025-05  150\n2025-06  172\n```',
            verbatim: true,
          },
        },
        { type: 'section', fields: [{ type: 'mrkdwn', text: '*Trend*\n▁▃▂', verbatim: true }] },
        {
          type: 'section',
          text: { type: 'mrkdwn', text: '• <https://comtradeplus.un.org/|UN Comtrade>', verbatim: true },
        },
        {
          type: 'context',
          elements: [{ type: 'plain_text', text: 'Data: UN Comtrade, fetched 2025-07-01', emoji: false }],
        },
      ],
    });
  });

  it('is ephemeral unless the reply says otherwise, and marks errors', () => {
    const [message] = renderReply(errorReply('Unknown command', ['"x" is not a ree-watch command.']));
    expect(message?.response_type).toBe('ephemeral');
    expect(message?.blocks[0]).toMatchObject({ type: 'header', text: { text: '⚠️ Unknown command' } });
  });

  it('shows hostile user text literally: plain text where prose, escaped where mrkdwn', () => {
    const [message] = renderReply(
      reply(HOSTILE, [HOSTILE], {
        sections: [{ lines: [HOSTILE] }, { heading: HOSTILE, lines: [HOSTILE], monospace: true }],
        fields: [{ name: HOSTILE, value: HOSTILE }],
        links: [{ label: HOSTILE, url: 'https://example.org/?q=<@U1>|x' }],
        footer: HOSTILE,
      }),
    );
    if (!message) throw new Error('no message');
    expectWithinSlackLimits(message);
    expect(textsOfType(message, 'plain_text')).toContain(HOSTILE);
    const mrkdwn = textsOfType(message, 'mrkdwn');
    // The only < in mrkdwn opens the link we built, with the URL percent-encoded and the label escaped.
    expect(mrkdwn.join('\n').match(/</g)).toHaveLength(1);
    expect(mrkdwn).toContain(
      '• <https://example.org/?q=%3C@U1%3E%7Cx|&lt;!channel&gt; &lt;@U123&gt; &lt;#C999¦general&gt; @\u200bhere &amp; *bold* _it_ ~s~ ```x``` &lt;https://evil.example¦click&gt; 稀土出口 👩‍👩‍👧‍👦🚨>',
    );
    // Inside a code block the text cannot close the block early.
    const code = mrkdwn.find((text) => text.startsWith('```\n'));
    expect(code).toBe(
      '```\n&lt;!channel&gt; &lt;@U123&gt; &lt;#C999|general&gt; @\u200bhere &amp; *bold* _it_ ~s~ `\u200b`\u200b`\u200bx`\u200b`\u200b`\u200b &lt;https://evil.example|click&gt; 稀土出口 👩‍👩‍👧‍👦🚨\n```',
    );
    expect(message.text).not.toMatch(/<[!@#]/);
  });

  it('splits a reply longer than one message, within five messages (response_url allows five)', () => {
    const lines = Array.from({ length: 3000 }, (_, index) => `row ${index} ${'稀土'.repeat(20)}`);
    const messages = renderReply(reply('Big table', [], { sections: [{ lines, monospace: true }] }));
    expect(messages).toHaveLength(5);
    for (const message of messages) expectWithinSlackLimits(message);
    expect(JSON.stringify(messages[4])).toMatch(/more parts were left out: Slack accepts at most 5 answers/);
  });

  it('keeps every limit and every line for any reply that fits five messages (property)', () => {
    const line = fc.oneof(
      { arbitrary: fc.string({ unit: 'grapheme', maxLength: 120 }), weight: 15 },
      // Longer than a section, so it must be split.
      { arbitrary: longText(3000), weight: 1 },
    );
    const section = fc.record({
      heading: fc.option(fc.string({ unit: 'grapheme', maxLength: 60 }), { nil: undefined }),
      lines: fc.array(line, { maxLength: 12 }),
      monospace: fc.boolean(),
    });
    const anyReply = fc.record({
      title: fc.string({ unit: 'grapheme', maxLength: 200 }),
      sections: fc.array(section, { maxLength: 5 }),
      fields: fc.array(
        fc.record({
          name: fc.string({ maxLength: 20 }),
          value: fc.string({ unit: 'grapheme', maxLength: 300 }),
        }),
        { maxLength: 12 },
      ),
      links: fc.array(fc.record({ label: fc.string({ maxLength: 30 }), url: fc.webUrl() }), { maxLength: 5 }),
      footer: fc.option(fc.string({ unit: 'grapheme', maxLength: 200 }), { nil: undefined }),
      visibility: fc.constantFrom('ephemeral', 'in_channel'),
    }) as fc.Arbitrary<Reply>;
    fc.assert(
      fc.property(anyReply, (generated) => {
        const messages = renderReply(generated);
        expect(messages.length).toBeGreaterThan(0);
        expect(messages.length).toBeLessThanOrEqual(5);
        for (const message of messages) {
          expectWithinSlackLimits(message);
          expect(message.response_type).toBe(generated.visibility);
        }
        const shown = visibleText(messages);
        if (!/left out/.test(shown)) {
          for (const entry of generated.sections) {
            for (const text of entry.lines) expect(shown).toContain(squeezed(text));
          }
        }
      }),
      { numRuns: 20 },
    );
  });
});

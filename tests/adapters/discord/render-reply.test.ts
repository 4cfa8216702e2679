import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { limitViolations } from '../../../adapters/discord/limits.js';
import { renderReply } from '../../../adapters/discord/render-reply.js';
import { errorReply, type Reply, reply } from '../../../src/render/reply.js';
import { HOSTILE, unescapedMarkdown } from './markdown-check.js';

const words = fc.constantFrom(
  'rare',
  'earth',
  '稀土',
  '磁体',
  'magnets',
  '🧲',
  '👩‍👩‍👧‍👦',
  'India',
  '2025',
  'https://www.mofcom.gov.cn/zwgk/art/2025/art_9c21.html',
);
const text = (maxWords: number) => fc.array(words, { maxLength: maxWords }).map((parts) => parts.join(' '));

const hugeReply: fc.Arbitrary<Reply> = fc.record({
  title: text(120),
  sections: fc.array(
    fc.record({
      heading: fc.option(text(80), { nil: undefined }),
      lines: fc.array(text(700), { maxLength: 30 }),
      monospace: fc.boolean(),
    }),
    { maxLength: 6 },
  ),
  fields: fc.array(fc.record({ name: text(60), value: text(400), inline: fc.boolean() }), { maxLength: 40 }),
  links: fc.array(
    fc.record({ label: text(80), url: fc.constant('https://www.federalregister.gov/d/2025-00001') }),
    {
      maxLength: 8,
    },
  ),
  footer: fc.option(text(500), { nil: undefined }),
  visibility: fc.constantFrom('ephemeral' as const, 'in_channel' as const),
  tone: fc.constantFrom('info' as const, 'success' as const, 'warning' as const, 'error' as const),
});

/** Every non-space character of the shown text, in order: what a reader could recover. */
const visible = (reply: ReturnType<typeof renderReply>) =>
  reply.messages
    .flatMap((message) =>
      message.embeds.flatMap((embed) => [
        embed.description ?? '',
        ...(embed.fields ?? []).map((f) => f.value),
      ]),
    )
    .join('')
    .replace(/```/g, '')
    .replace(/\\(.)/g, '$1')
    .replace(/[\s\u200b]/g, '');

describe('renderReply', () => {
  it('renders a reply as one embed: sections in the description, fields, footer, tone as colour', () => {
    const rendered = renderReply(
      reply('China → India magnets', ['Exports fell 52.9% in May.'], {
        sections: [
          { lines: ['Exports fell 52.9% in May.'] },
          { heading: 'Last months', lines: ['2025-04  2,627 t', '2025-05  1,238 t'], monospace: true },
        ],
        fields: [{ name: 'Change', value: '−52.9 %', inline: true }],
        links: [{ label: 'UN Comtrade', url: 'https://comtradeplus.un.org/' }],
        footer: 'ree-watch',
        tone: 'warning',
      }),
    );
    expect(rendered.ephemeral).toBe(true);
    expect(rendered.messages).toHaveLength(1);
    expect(rendered.messages[0]).toEqual({
      allowed_mentions: { parse: [] },
      embeds: [
        {
          title: 'China → India magnets',
          color: 0xf0b232,
          description:
            'Exports fell 52.9% in May.\n\n**Last months**\n```\n2025-04  2,627 t\n2025-05  1,238 t\n```\n\n[UN Comtrade](https://comtradeplus.un.org/)',
          fields: [{ name: 'Change', value: '−52.9 %', inline: true }],
          footer: { text: 'ree-watch' },
        },
      ],
    });
  });

  it('shows hostile text literally: no pings, no formatting, no masked links', () => {
    const hostile = HOSTILE.join(' ');
    const rendered = renderReply(errorReply(hostile, [hostile, ...HOSTILE]));
    const message = rendered.messages[0];
    expect(message?.allowed_mentions).toEqual({ parse: [] });
    const embed = message?.embeds[0];
    expect(unescapedMarkdown(embed?.title ?? '')).toEqual([]);
    expect(unescapedMarkdown(embed?.description ?? '')).toEqual([]);
    expect(JSON.stringify(rendered.messages)).not.toMatch(/@everyone|@here/);
  });

  it('escapes ``` inside monospace sections so a line cannot close the block', () => {
    const rendered = renderReply(
      reply('t', [], { sections: [{ lines: ['a ``` b', '```'], monospace: true }] }),
    );
    const description = rendered.messages[0]?.embeds[0]?.description ?? '';
    expect(description.match(/```/g)).toHaveLength(2);
  });

  it('attaches an image to the message whose embed shows it', () => {
    const rendered = renderReply(
      reply('Chart', ['x'], {
        image: { filename: 'china india.png', png: new Uint8Array([137, 80]), alt: 'a chart' },
      }),
    );
    expect(rendered.file).toMatchObject({ name: 'china-india.png', messageIndex: 0, description: 'a chart' });
    expect(rendered.messages[0]?.embeds[0]?.image).toEqual({ url: 'attachment://china-india.png' });
  });

  it('always answers with a message, even for an empty reply', () => {
    expect(renderReply(reply('', [])).messages).toEqual([
      { embeds: [{ description: '—', color: 0x5865f2 }], allowed_mentions: { parse: [] } },
    ]);
  });

  it('keeps a very long title whole by repeating it at the top of the description', () => {
    const title = `${'Announcement '.repeat(30)}end`;
    const embed = renderReply(reply(title, ['body'])).messages[0]?.embeds[0];
    expect(embed?.title?.length).toBeLessThanOrEqual(256);
    expect(embed?.description?.startsWith(title)).toBe(true);
  });

  it('never exceeds a Discord limit and never drops text, however large the reply (property)', () => {
    fc.assert(
      fc.property(hugeReply, (input) => {
        const rendered = renderReply(input);
        for (const message of rendered.messages) {
          expect(limitViolations(message)).toEqual([]);
          expect(message.allowed_mentions).toEqual({ parse: [] });
        }
        const shown = visible(rendered);
        const expected = [
          ...input.sections.flatMap((section) => section.lines),
          ...(input.fields ?? []).map((field) => field.value),
        ];
        let from = 0;
        for (const line of expected) {
          const compact = line.replace(/\s/g, '');
          const at = shown.indexOf(compact, from);
          expect(at).toBeGreaterThanOrEqual(0);
          from = at;
        }
      }),
      { numRuns: 60 },
    );
  });
});

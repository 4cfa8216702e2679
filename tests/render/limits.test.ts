import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fitReply, REPLY_LIMITS, replyLength } from '../../src/render/limits.js';
import { reply } from '../../src/render/reply.js';

describe('fitReply', () => {
  it('leaves a reply that fits untouched', () => {
    const small = reply('India (IN)', ['one', 'two'], { footer: 'fetched 2h ago' });
    expect(fitReply(small)).toEqual(small);
  });

  it('ends a long list with how many lines were left out, and says the reply was shortened', () => {
    const lines = Array.from(
      { length: 500 },
      (_, index) => `notice ${index + 1}: MOFCOM announcement on export licensing`,
    );
    const fitted = fitReply(reply('Notices', lines));
    const shown = fitted.sections[0]?.lines ?? [];
    expect(shown[0]).toBe(lines[0]);
    expect(shown.at(-1)).toMatch(/^… and \d+ more$/);
    const more = Number(/(\d+) more/.exec(shown.at(-1) ?? '')?.[1]);
    expect(shown.length - 1 + more).toBe(500);
    expect(fitted.footer).toContain('Shortened to fit the chat');
    expect(replyLength(fitted)).toBeLessThanOrEqual(REPLY_LIMITS.total);
  });

  it('drops whole sections past the budget rather than sending a reply a platform would reject', () => {
    const sections = Array.from({ length: 40 }, (_, index) => ({
      heading: `Section ${index}`,
      lines: Array.from({ length: 10 }, () => 'x'.repeat(120)),
    }));
    const fitted = fitReply({ ...reply('Big', []), sections, footer: 'Page 1' });
    expect(fitted.sections.length).toBeLessThanOrEqual(REPLY_LIMITS.sections);
    expect(replyLength(fitted)).toBeLessThanOrEqual(REPLY_LIMITS.total);
    expect(fitted.footer).toBe('Page 1 · Shortened to fit the chat; narrow the question to see more.');
  });

  it('cuts an over-long title, line and field, and never leaves the title empty', () => {
    const fitted = fitReply({
      ...reply(' ', ['y'.repeat(5_000)]),
      fields: Array.from({ length: 30 }, (_, index) => ({ name: `f${index}`, value: 'v'.repeat(3_000) })),
    });
    expect(fitted.title).toBe('ree-watch');
    expect(fitted.sections[0]?.lines[0]?.length).toBe(REPLY_LIMITS.line);
    expect(fitted.fields?.length).toBeGreaterThan(0);
    expect(fitted.fields?.length).toBeLessThanOrEqual(REPLY_LIMITS.fields);
    expect(fitted.fields?.[0]?.value.length).toBe(REPLY_LIMITS.fieldValue);
    expect(fitted.footer).toContain('Shortened to fit the chat');
    expect(replyLength(fitted)).toBeLessThanOrEqual(REPLY_LIMITS.total);
  });

  it('fits any reply, whatever its shape, within every limit', () => {
    // A short random prefix plus bulk: generating megabytes character by character would take minutes.
    const text = (max: number) =>
      fc
        .tuple(fc.string({ maxLength: 20, unit: 'grapheme' }), fc.nat({ max }))
        .map(([head, bulk]) => head + 'x'.repeat(bulk));
    const anyReply = fc.record({
      title: text(400),
      sections: fc.array(
        fc.record({
          heading: fc.option(text(400), { nil: undefined }),
          lines: fc.array(text(800), { maxLength: 60 }),
        }),
        { maxLength: 30 },
      ),
      fields: fc.array(fc.record({ name: text(300), value: text(2_000) }), { maxLength: 30 }),
      links: fc.array(
        fc.record({
          label: text(300),
          url: fc.constantFrom('https://example.org/a', `https://example.org/${'x'.repeat(1_200)}`),
        }),
        { maxLength: 20 },
      ),
      footer: fc.option(text(600), { nil: undefined }),
    });
    fc.assert(
      fc.property(anyReply, (shape) => {
        const fitted = fitReply({ ...reply('', []), ...shape });
        expect(replyLength(fitted)).toBeLessThanOrEqual(REPLY_LIMITS.total);
        expect(fitted.title.length).toBeGreaterThan(0);
        expect(fitted.title.length).toBeLessThanOrEqual(REPLY_LIMITS.title);
        expect(fitted.sections.length).toBeLessThanOrEqual(REPLY_LIMITS.sections);
        for (const section of fitted.sections)
          expect(section.lines.join('\n').length).toBeLessThanOrEqual(REPLY_LIMITS.sectionText);
        expect(fitted.fields?.length ?? 0).toBeLessThanOrEqual(REPLY_LIMITS.fields);
        expect(fitted.links?.length ?? 0).toBeLessThanOrEqual(REPLY_LIMITS.links);
      }),
      { numRuns: 150 },
    );
  });
});

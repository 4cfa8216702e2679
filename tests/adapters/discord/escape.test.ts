import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapedLength, escapeMarkdown } from '../../../adapters/discord/escape.js';
import { HOSTILE, unescapedMarkdown } from './markdown-check.js';

describe('escapeMarkdown', () => {
  it.each(HOSTILE)('shows %j literally: no formatting, mention or link', (text) => {
    expect(unescapedMarkdown(escapeMarkdown(text))).toEqual([]);
  });

  it('leaves CJK, emoji and ordinary punctuation exactly as written', () => {
    const text = '中国稀土磁体出口 fell 52.9% in May 🧲, to 1,238 t (from 2,627 t).';
    expect(escapeMarkdown(text)).toBe(text);
  });

  it('leaves a leading minus or hash alone when it cannot start a list or heading', () => {
    expect(escapeMarkdown('-53% in May')).toBe('-53% in May');
    expect(escapeMarkdown('#2 exporter')).toBe('#2 exporter');
    expect(escapeMarkdown('- 53%')).toBe('\\- 53%');
  });

  it('keeps a bare URL clickable, even with characters that are markdown elsewhere', () => {
    const url = 'https://www.federalregister.gov/documents/2025/01/15/2025_00001/rare*earth';
    expect(escapeMarkdown(`see ${url} *now*`)).toBe(`see ${url} \\*now\\*`);
  });

  it('breaks @everyone and @here without visibly changing them', () => {
    expect(escapeMarkdown('ping @everyone and @HERE')).toBe('ping @\u200beveryone and @\u200bHERE');
  });

  it('neutralises any mix of hostile fragments (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constantFrom(...HOSTILE), fc.string()), { maxLength: 12 }),
        (parts) => {
          const text = parts.join(' ');
          expect(unescapedMarkdown(escapeMarkdown(text))).toEqual([]);
        },
      ),
    );
  });

  it('never grows text beyond escapedLength + 1, so split pieces can be budgeted before escaping', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 200 }), (text) => {
        expect(escapeMarkdown(text).length).toBeLessThanOrEqual(escapedLength(text) + 1);
      }),
    );
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...HOSTILE), { maxLength: 20 }), (parts) => {
        const text = parts.join('\n');
        expect(escapeMarkdown(text).length).toBeLessThanOrEqual(escapedLength(text) + 1);
      }),
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { packLines, splitLine, truncateText } from '../../src/render/text-limits.js';

const isWellFormed = (text: string) =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

describe('truncateText', () => {
  it('never splits an emoji or a surrogate pair', () => {
    const text = '稀土 exports 👩‍👩‍👧‍👦👩‍👩‍👧‍👦 fell';
    for (let max = 1; max < text.length; max++) {
      const cut = truncateText(text, max);
      expect(cut.length).toBeLessThanOrEqual(max);
      expect(isWellFormed(cut)).toBe(true);
    }
  });

  it('leaves short text untouched', () => {
    expect(truncateText('India', 10)).toBe('India');
  });
});

describe('splitLine', () => {
  it('keeps a URL whole even when it must stand alone', () => {
    const url = 'https://www.mofcom.gov.cn/zwgk/zcfb/art/2025/art_9c2108ccaf754f22a34abab2fedaa944.html';
    const pieces = splitLine(`Announcement No. 18 of 2025 on rare earths ${url} published 4 April`, 30);
    expect(pieces).toContain(url);
    expect(pieces.join(' ')).toBe(`Announcement No. 18 of 2025 on rare earths ${url} published 4 April`);
  });

  it('keeps every piece within the limit (except lone URLs) and loses no text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.integer({ min: 8, max: 80 }),
        (text, max) => {
          const pieces = splitLine(text, max);
          for (const piece of pieces) {
            expect(piece.length <= max || /^<?https?:\/\//.test(piece)).toBe(true);
            expect(isWellFormed(piece)).toBe(true);
          }
          expect(pieces.join('').replace(/\s/g, '')).toBe(text.replace(/\s/g, ''));
        },
      ),
    );
  });
});

describe('packLines', () => {
  it('packs whole lines into chunks that respect the limit', () => {
    const lines = Array.from({ length: 10 }, (_, index) => `line ${index} ${'x'.repeat(20)}`);
    const chunks = packLines(lines, 100);
    expect(chunks.flat()).toEqual(lines);
    for (const chunk of chunks) expect(chunk.join('\n').length).toBeLessThanOrEqual(100);
    expect(chunks).toHaveLength(4);
  });
});

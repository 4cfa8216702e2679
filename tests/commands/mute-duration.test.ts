import { describe, expect, it } from 'vitest';
import { parseMuteDuration, splitMuteArgs } from '../../src/commands/mute-duration.js';

const H = 3_600_000;
const D = 24 * H;

describe('parseMuteDuration', () => {
  it.each([
    ['7d', 7 * D],
    ['12h', 12 * H],
    ['2w', 14 * D],
    ['1mo', 30 * D],
    ['7 days', 7 * D],
    ['1 week', 7 * D],
    ['90 mins', 1.5 * H],
    ['1.5h', 1.5 * H],
  ])('reads %s', (text, ms) => {
    expect(parseMuteDuration(text)).toBe(ms);
  });

  it.each(['', 'd', '7', '7x', 'seven days', '-1d', '0d'])('rejects %s', (text) => {
    expect(parseMuteDuration(text)).toBeUndefined();
  });
});

describe('splitMuteArgs', () => {
  it('finds the duration before or after the watchlists, in one word or two', () => {
    expect(splitMuteArgs(['china-india-magnets', '7d'])).toEqual({
      durationText: '7d',
      durationMs: 7 * D,
      rest: ['china-india-magnets'],
    });
    expect(splitMuteArgs(['12h', 'a', 'b'])).toEqual({
      durationText: '12h',
      durationMs: 12 * H,
      rest: ['a', 'b'],
    });
    expect(splitMuteArgs(['a', '7', 'days'])).toEqual({
      durationText: '7 days',
      durationMs: 7 * D,
      rest: ['a'],
    });
  });

  it('keeps an invalid duration so the reply can name it', () => {
    expect(splitMuteArgs(['a', '7x'])).toEqual({ durationText: '7x', rest: ['a'] });
    expect(splitMuteArgs(['a'])).toEqual({ rest: ['a'] });
  });
});

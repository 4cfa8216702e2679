import { describe, expect, it } from 'vitest';
import { editDistance, suggest } from '../../src/text/suggest.js';

describe('suggest', () => {
  const watchlists = ['china-india-magnets', 'china-us-magnets', 'china-japan-magnets', 'india-dgft-notices'];

  it.each([
    ['hlep', ['help', 'status'], ['help']],
    ['statsu', ['help', 'status'], ['status']],
    ['china-inda-magnets', watchlists, ['china-india-magnets']],
    ['china', watchlists, ['china-india-magnets', 'china-japan-magnets', 'china-us-magnets']],
    ['zzzzzz', watchlists, []],
    ['', watchlists, []],
  ])('%s → %j', (input, candidates, expected) => {
    expect(suggest(input, candidates)).toEqual(expected);
  });

  it('counts an adjacent transposition as one edit', () => {
    expect(editDistance('hlep', 'help')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

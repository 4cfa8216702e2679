import { describe, expect, it } from 'vitest';
import { MAX_INPUT_LENGTH, parseArgs, tokenize } from '../../src/commands/args.js';

describe('tokenize', () => {
  it.each([
    ['subscribe a b', ['subscribe', 'a', 'b']],
    ['  notices   "rare earth"  ', ['notices', 'rare earth']],
    ["notices 'export control'", ['notices', 'export control']],
    ['notices “稀土 出口”', ['notices', '稀土 出口']],
    ['notices "unclosed quote', ['notices', 'unclosed quote']],
    ['say ""', ['say', '']],
    ['', []],
  ])('%j → %j', (input, expected) => {
    expect(tokenize(input)).toEqual(expected);
  });

  it('ignores input past the maximum length instead of processing it', () => {
    const tokens = tokenize(`a ${'x'.repeat(MAX_INPUT_LENGTH * 5)}`);
    expect(tokens.join(' ').length).toBe(MAX_INPUT_LENGTH);
  });
});

describe('parseArgs', () => {
  it('separates flags from positional words', () => {
    expect(parseArgs(['rare', '--days', '30', '--source=mofcom', 'earth', '--all'])).toEqual({
      positional: ['rare', 'earth'],
      flags: { days: '30', source: 'mofcom', all: 'true' },
    });
  });
});

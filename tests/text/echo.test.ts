import { describe, expect, it } from 'vitest';
import { ECHO_MAX, echoInput, quoteInput } from '../../src/text/echo.js';

describe('echoInput', () => {
  it('removes control characters and direction overrides that could hide or reorder a reply', () => {
    expect(echoInput('in\u0000di\u001b[31ma')).toBe('indi[31ma');
    expect(echoInput('\u202Egnp.exe')).toBe('gnp.exe');
    expect(echoInput('a\u200Bb\u2066c\uFEFF')).toBe('abc');
  });

  it('collapses line breaks and tabs, so an echo stays on one line', () => {
    expect(echoInput('  rare\n\nearth\t magnets \r\n')).toBe('rare earth magnets');
  });

  it('caps length without splitting an emoji, keeping joined emoji whole', () => {
    const family = '👩‍👩‍👧‍👦';
    expect(echoInput(family)).toBe(family);
    const long = echoInput(family.repeat(20));
    expect(long.length).toBeLessThanOrEqual(ECHO_MAX);
    expect(long.endsWith('…')).toBe(true);
    expect(long.replace('…', '').length % family.length).toBe(0);
  });

  it('replaces a lone surrogate rather than passing broken text to a platform', () => {
    expect(echoInput('a\uD800b')).toBe('a\uFFFDb');
  });

  it('quotes what is left, or says nothing was typed', () => {
    expect(quoteInput('india')).toBe('"india"');
    expect(quoteInput('\u0000\u0007')).toBe('(nothing)');
  });
});

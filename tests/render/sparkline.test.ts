import { describe, expect, it } from 'vitest';
import { sparkline } from '../../src/render/sparkline.js';

describe('sparkline', () => {
  it('draws the lowest month as ▁ and the highest as █', () => {
    expect(sparkline([1, 2, 3, 4, 5, 6, 7, 8])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([10_000_000, 2_000_000, 9_000_000])).toBe('█▁▇');
  });

  it('shows a missing month as a gap, never as a collapse', () => {
    expect(sparkline([5, null, 10])).toBe('▁·█');
    expect(sparkline([null, null])).toBe('··');
  });

  it('keeps a flat series mid-height', () => {
    expect(sparkline([3, 3, 3])).toBe('▄▄▄');
  });
});

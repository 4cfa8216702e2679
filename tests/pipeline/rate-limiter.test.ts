import { describe, expect, it } from 'vitest';
import { DeliveryRateLimiter } from '../../src/pipeline/rate-limiter.js';

const slack = { platform: 'slack' as const, channel: 'C1' };
const other = { platform: 'slack' as const, channel: 'C9' };

describe('platform windows count a send until it was answered', () => {
  it('a slow send keeps its place in the window from its answer, so a fast next one cannot land in the same second', () => {
    const limiter = new DeliveryRateLimiter();
    limiter.record(slack, 10_000);
    // Answered 300 ms later: Slack may have counted it at any moment up to then.
    limiter.settle(slack, 10_000, 10_300);
    expect(limiter.nextAllowedAt(slack, 11_000)).toBe(11_300);
  });

  it('keeps the workspace at 5 a second across channels, counted from the answers', () => {
    const limiter = new DeliveryRateLimiter();
    for (let index = 0; index < 5; index++) {
      const channel = { platform: 'slack' as const, channel: `C${index}` };
      limiter.record(channel, 0);
      limiter.settle(channel, 0, 40 + index);
    }
    expect(limiter.nextAllowedAt(other, 500)).toBe(1_040);
  });

  it('a send slower than the window still counts from its answer', () => {
    const limiter = new DeliveryRateLimiter();
    limiter.record(slack, 0);
    limiter.record(other, 5_000);
    limiter.settle(slack, 0, 6_000);
    expect(limiter.nextAllowedAt(slack, 6_500)).toBe(7_000);
  });
});

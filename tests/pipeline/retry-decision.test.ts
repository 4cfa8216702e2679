import { describe, expect, it } from 'vitest';
import type { SendResult } from '../../src/model/chat.js';
import { decideAfterSend } from '../../src/pipeline/retry-decision.js';

const NOW = 1_000_000;
const DAY = 86_400_000;
const fresh = { attempts: 1, createdAt: NOW };

describe('what the sender does after each kind of answer', () => {
  it.each<[string, SendResult, { attempts: number; createdAt: number }, number, object]>([
    [
      'ok: delivered',
      { ok: true, externalId: 'ts-1' },
      fresh,
      0,
      { action: 'delivered', externalId: 'ts-1' },
    ],
    [
      '429 Retry-After 1 s: wait exactly that (no jitter drawn) and hold the channel',
      { ok: false, kind: 'rate-limited', retryAfterMs: 1_000, error: '429' },
      fresh,
      0,
      { action: 'retry', outcome: 'rate-limited', notBefore: NOW + 1_000, blockChannelUntil: NOW + 1_000 },
    ],
    [
      '429 Retry-After 1 s with the most jitter: 10 % more',
      { ok: false, kind: 'rate-limited', retryAfterMs: 1_000, error: '429' },
      fresh,
      1,
      { action: 'retry', notBefore: NOW + 1_100 },
    ],
    [
      '429 Retry-After 0: at least half a second, so it cannot spin',
      { ok: false, kind: 'rate-limited', retryAfterMs: 0, error: '429' },
      fresh,
      0,
      { action: 'retry', notBefore: NOW + 500 },
    ],
    [
      '5xx on the first attempt: 1–2 s',
      { ok: false, kind: 'transient', error: 'HTTP 502' },
      fresh,
      0,
      { action: 'retry', outcome: 'transient', notBefore: NOW + 1_000, blockChannelUntil: undefined },
    ],
    [
      'timeout on the fourth attempt: 8–16 s',
      { ok: false, kind: 'transient', error: 'timeout' },
      { attempts: 4, createdAt: NOW },
      1,
      { action: 'retry', notBefore: NOW + 16_000 },
    ],
    [
      'transient on the 30th attempt: capped at 10 min',
      { ok: false, kind: 'transient', error: 'HTTP 503' },
      { attempts: 30, createdAt: NOW },
      1,
      { action: 'retry', notBefore: NOW + 600_000 },
    ],
    [
      'transient near the deadline: retried no later than the deadline, where it expires',
      { ok: false, kind: 'transient', error: 'HTTP 503' },
      { attempts: 30, createdAt: NOW - DAY + 60_000 },
      1,
      { action: 'retry', notBefore: NOW + 60_000 },
    ],
    [
      'channel_not_found: give up on the channel',
      { ok: false, kind: 'permanent', error: 'channel_not_found' },
      fresh,
      0,
      { action: 'fail-channel', error: 'channel_not_found' },
    ],
    [
      'a chart the bot may not attach: give up on that message only',
      { ok: false, kind: 'permanent', error: 'Missing Permissions (50013)', onlyThisMessage: true },
      fresh,
      0,
      { action: 'fail-message', error: 'Missing Permissions (50013)' },
    ],
  ])('%s', (_name, result, message, random, expected) => {
    expect(decideAfterSend(result, message, NOW, DAY, () => random)).toMatchObject(expected);
  });
});

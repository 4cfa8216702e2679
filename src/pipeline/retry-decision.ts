import type { SendResult } from '../model/chat.js';
import { rateLimitedDelayMs, transientBackoffMs } from './backoff.js';

/** What the sender does with a message after one attempt. */
export type SendDecision =
  | { action: 'delivered'; externalId: string | undefined }
  | {
      action: 'retry';
      outcome: 'rate-limited' | 'transient';
      error: string;
      notBefore: number;
      /** After a 429 nothing else goes to the channel before this. */
      blockChannelUntil: number | undefined;
    }
  /** Permanent: fail the message, flag the channel failing, send it nothing more. */
  | { action: 'fail-channel'; error: string }
  /** Permanent for this message only (e.g. a chart the bot may not attach): the channel goes on. */
  | { action: 'fail-message'; error: string };

/**
 * The retry decision for every kind of answer: honour Retry-After, back off with jitter on transient
 * errors but never past the message's deadline (it is then expired with its last error), and stop
 * on permanent ones.
 */
export function decideAfterSend(
  result: SendResult,
  message: { attempts: number; createdAt: number },
  now: number,
  maxAgeMs: number,
  random: () => number = Math.random,
): SendDecision {
  if (result.ok) return { action: 'delivered', externalId: result.externalId };
  if (result.kind === 'permanent')
    return { action: result.onlyThisMessage ? 'fail-message' : 'fail-channel', error: result.error };
  const delay =
    result.kind === 'rate-limited'
      ? rateLimitedDelayMs(result.retryAfterMs, random)
      : transientBackoffMs(message.attempts, random);
  return {
    action: 'retry',
    outcome: result.kind,
    error: result.error,
    notBefore: Math.min(now + delay, message.createdAt + maxAgeMs),
    blockChannelUntil: result.kind === 'rate-limited' ? now + delay : undefined,
  };
}

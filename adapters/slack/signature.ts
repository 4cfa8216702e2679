import { createHmac, timingSafeEqual } from 'node:crypto';

/** Slack's replay window: a request signed more than five minutes from now (either way) is refused. */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

export interface SignedRequest {
  /** The exact bytes of the body, before any parsing. */
  rawBody: Buffer | string;
  timestamp: string | string[] | undefined;
  signature: string | string[] | undefined;
}

export type SignatureVerdict = { ok: true } | { ok: false; reason: string };

/**
 * Checks Slack's `v0` request signature: HMAC-SHA256 of `v0:{timestamp}:{raw body}` keyed with the
 * signing secret, compared in constant time. Unlike Bolt's own check it takes the clock as an
 * argument and refuses timestamps from the future too, as Slack's documentation says.
 */
export function verifySlackSignature(
  request: SignedRequest,
  signingSecret: string,
  nowMs: number,
): SignatureVerdict {
  const { timestamp, signature } = request;
  if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp)) {
    return { ok: false, reason: 'missing or malformed X-Slack-Request-Timestamp' };
  }
  if (Math.abs(nowMs - Number(timestamp) * 1000) > MAX_CLOCK_SKEW_MS) {
    return { ok: false, reason: 'timestamp is more than 5 minutes away from now (replayed or clock skew)' };
  }
  if (typeof signature !== 'string' || !/^v0=[0-9a-f]{64}$/.test(signature)) {
    return { ok: false, reason: 'missing or malformed X-Slack-Signature' };
  }
  const expected = signSlackRequest(request.rawBody, timestamp, signingSecret);
  if (!timingSafeEqual(Buffer.from(signature), Buffer.from(expected))) {
    return { ok: false, reason: 'signature does not match the body' };
  }
  return { ok: true };
}

/** The `X-Slack-Signature` value Slack would send for this body and timestamp. */
export function signSlackRequest(rawBody: Buffer | string, timestamp: string, signingSecret: string): string {
  const hmac = createHmac('sha256', signingSecret);
  hmac.update(`v0:${timestamp}:`);
  hmac.update(rawBody);
  return `v0=${hmac.digest('hex')}`;
}

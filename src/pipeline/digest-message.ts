import type { OutgoingPayload } from '../model/chat.js';
import type { AlertDigest } from '../render/alert-digest.js';

/**
 * What the alert cycle queues for a channel: its digest, platform-neutral, without chart images.
 * The sender has the channel's adapter render it (and draws its charts) when it sends, outside any
 * transaction and any lock.
 */
export interface DigestMessage {
  digest: AlertDigest;
}

/**
 * A digest once rendered into several API calls: kept in its outbox row as sent part by part, so a
 * retry resends the same bytes of the part that failed and never a part that went out.
 */
export interface RenderedMessage {
  rendered: OutgoingPayload[];
  /** The index of the part to send next. */
  next: number;
}

/** The payload of an outbox row: a digest to render, a rendered digest part-way out, or one API call as is. */
export type QueuedPayload =
  | ({ kind: 'digest' } & DigestMessage)
  | ({ kind: 'rendered' } & RenderedMessage)
  | { kind: 'payload'; payload: OutgoingPayload };

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Reads an outbox row's payload. Rows the sender wrote itself carry `digest` or `rendered`; anything
 * else (a platform payload queued as it is, or by a version before digests were rendered at send)
 * is one API call.
 */
export function queuedPayloadOf(payload: OutgoingPayload): QueuedPayload {
  if (isObject(payload.digest) && Array.isArray(payload.digest.series))
    return { kind: 'digest', digest: payload.digest as unknown as AlertDigest };
  if (Array.isArray(payload.rendered) && typeof payload.next === 'number')
    return { kind: 'rendered', rendered: payload.rendered as OutgoingPayload[], next: payload.next };
  return { kind: 'payload', payload };
}

export const digestPayload = (digest: AlertDigest): OutgoingPayload => ({ digest }) satisfies DigestMessage;

export const renderedPayload = (rendered: OutgoingPayload[], next: number): OutgoingPayload =>
  ({ rendered, next }) satisfies RenderedMessage;

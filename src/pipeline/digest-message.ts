import type { ChatAdapter } from '../../adapters/chat-adapter.js';
import type { OutgoingPayload } from '../model/chat.js';
import type { OutboxMessage } from '../model/delivery.js';
import type { AlertDigest } from '../render/alert-digest.js';
import type { DigestCharts } from './attach-charts.js';

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

/** One API call to make for an outbox message, and what is left of it afterwards. */
export interface NextCall {
  payload: OutgoingPayload;
  idempotencyKey: string;
  /** The rendered parts and the next one to send, when more parts follow this one. */
  rest?: RenderedMessage;
}

/**
 * The API call to make next for a message: a platform payload as queued; else the next part of its
 * digest, rendered by the platform's adapter now (with its charts, where the platform posts images).
 * Undefined when the digest renders to nothing.
 */
export async function nextCall(
  message: OutboxMessage,
  adapter: ChatAdapter,
  charts: DigestCharts | undefined,
): Promise<NextCall | undefined> {
  const queued = queuedPayloadOf(message.payload);
  if (queued.kind === 'payload') return { payload: queued.payload, idempotencyKey: message.idempotencyKey };
  let rendered: OutgoingPayload[];
  let next = 0;
  if (queued.kind === 'rendered') ({ rendered, next } = queued);
  else {
    const digest = adapter.postsImages && charts ? await charts.attach(queued.digest) : queued.digest;
    rendered = adapter.renderDigest(digest);
  }
  const payload = rendered[next];
  if (payload === undefined) return undefined;
  return {
    payload,
    // Each part its own key (Discord de-duplicates by it), the same however often it is retried.
    idempotencyKey: rendered.length > 1 ? `${message.idempotencyKey}:${next + 1}` : message.idempotencyKey,
    rest: next + 1 < rendered.length ? { rendered, next: next + 1 } : undefined,
  };
}

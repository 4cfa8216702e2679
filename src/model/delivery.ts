/** The outbox: messages written before they are sent, and every attempt to send them. */
import type { ChannelRef, OutgoingPayload, Platform } from './chat.js';

export type OutboxState = 'pending' | 'delivered' | 'failed' | 'expired';
export type AttemptOutcome = 'delivered' | 'rate-limited' | 'transient' | 'permanent' | 'expired';

export interface NewOutboxMessage extends ChannelRef {
  /** Unique per message: a second insert with the same key is ignored. */
  idempotencyKey: string;
  payload: OutgoingPayload;
}

export interface OutboxMessage extends NewOutboxMessage {
  id: number;
  createdAt: number;
  notBefore: number;
  state: OutboxState;
  attempts: number;
  leaseOwner: string | null;
  leaseUntil: number | null;
  lastError: string | null;
  deliveredAt: number | null;
}

/** The oldest pending message of a channel: the only one that may be sent next (order is kept). */
export interface OutboxHead extends ChannelRef {
  id: number;
  notBefore: number;
  leaseUntil: number | null;
}

export interface ExpiredMessage extends ChannelRef {
  id: number;
  attempts: number;
  /** "not delivered within 24h (5 attempts); last error: …" */
  reason: string;
}

export interface DeliveryError {
  at: number;
  platform: Platform;
  channel: string;
  outcome: Exclude<AttemptOutcome, 'delivered'>;
  detail: string | null;
}

export interface DeliverySummary {
  /** Messages still waiting to be sent (including ones backing off after an error). */
  pending: number;
  /** Messages given up on: permanent errors and ones older than OUTBOX_MAX_AGE. */
  failed: number;
  lastDeliveredAt: number | null;
  lastError: DeliveryError | null;
}

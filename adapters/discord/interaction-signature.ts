import { createPublicKey, type KeyObject, verify } from 'node:crypto';

/** Requests signed longer ago (or further ahead) than this are refused as replays. */
export const MAX_SIGNATURE_AGE_MS = 5 * 60_000;

/** The fixed DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the 32 key bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

export interface SignedInteraction {
  /** The exact bytes of the body, before any parsing. */
  rawBody: Buffer;
  timestamp: string | string[] | undefined;
  signature: string | string[] | undefined;
}

export type InteractionVerdict = { ok: true } | { ok: false; reason: string };

/** The application's public key (64 hex characters, from the Developer Portal) as a node:crypto key. */
export function discordPublicKey(hex: string): KeyObject {
  return createPublicKey({
    key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]),
    format: 'der',
    type: 'spki',
  });
}

/**
 * Checks Discord's interaction signature: Ed25519 over `X-Signature-Timestamp` followed by the raw
 * body, against the application's public key. Discord sends seconds since the epoch; one too far
 * from our clock is refused, so a captured request cannot be replayed later.
 */
export function verifyDiscordSignature(
  request: SignedInteraction,
  publicKey: KeyObject,
  nowMs: number,
): InteractionVerdict {
  const { timestamp, signature } = request;
  if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp))
    return { ok: false, reason: 'missing or malformed X-Signature-Timestamp' };
  if (Math.abs(nowMs - Number(timestamp) * 1000) > MAX_SIGNATURE_AGE_MS)
    return { ok: false, reason: 'timestamp is more than 5 minutes away from now (replayed or clock skew)' };
  if (typeof signature !== 'string' || !/^[0-9a-f]{128}$/i.test(signature))
    return { ok: false, reason: 'missing or malformed X-Signature-Ed25519' };
  const signed = Buffer.concat([Buffer.from(timestamp, 'utf8'), request.rawBody]);
  if (!verify(null, signed, publicKey, Buffer.from(signature, 'hex')))
    return { ok: false, reason: 'signature does not match the body' };
  return { ok: true };
}

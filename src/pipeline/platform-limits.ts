import type { Platform } from '../model/chat.js';

/** At most `limit` messages in any `windowMs` span. */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

export interface PlatformLimits {
  /** Per channel: Slack and Discord both rate-limit posting per channel. */
  perChannel: readonly RateWindow[];
  /** Across all channels of the platform (Slack: per workspace; Discord: the bot's global limit). */
  perPlatform: readonly RateWindow[];
}

/**
 * Every chat platform's posting limits, in one place; the outbox sender is their only reader.
 * A 429 with Retry-After is still honoured on top of these: they keep us from earning one.
 */
export const PLATFORM_LIMITS: Readonly<Record<Platform, PlatformLimits>> = {
  // chat.postMessage: "1 message per second per channel, short bursts allowed", plus an unpublished
  // workspace-wide ceiling; 5/s (300/min) stays well under what is reported in practice.
  slack: {
    perChannel: [{ limit: 1, windowMs: 1_000 }],
    perPlatform: [{ limit: 5, windowMs: 1_000 }],
  },
  // POST /channels/{id}/messages: 5 per 5 s per channel; 50 requests/s per bot globally. Invalid
  // requests (401/403/429) count towards a ban at 10,000 per 10 minutes, so 429s must stay rare.
  discord: {
    perChannel: [{ limit: 5, windowMs: 5_000 }],
    perPlatform: [{ limit: 50, windowMs: 1_000 }],
  },
  // The terminal has no limits.
  console: { perChannel: [], perPlatform: [] },
};

/**
 * Every chat platform's limits, in one place: how fast the outbox sender may post (its only reader of
 * `posting`), and how large one message may be (the adapters' renderers and the checks in the tests).
 * A 429 with Retry-After is still honoured on top of the posting limits: they keep us from earning one.
 */
import type { Platform } from './chat.js';

/** At most `limit` messages in any `windowMs` span. */
export interface RateWindow {
  limit: number;
  windowMs: number;
}

export interface PostingLimits {
  /** Per channel: Slack and Discord both rate-limit posting per channel. */
  perChannel: readonly RateWindow[];
  /** Across all channels of the platform (Slack: per workspace; Discord: the bot's global limit). */
  perPlatform: readonly RateWindow[];
}

/** Slack: Block Kit (docs.slack.dev/reference/block-kit), chat.postMessage and the file upload methods. */
export const SLACK_LIMITS = {
  // chat.postMessage: "1 message per second per channel, short bursts allowed", plus an unpublished
  // workspace-wide ceiling; 5/s (300/min) stays well under what is reported in practice.
  posting: {
    perChannel: [{ limit: 1, windowMs: 1_000 }],
    perPlatform: [{ limit: 5, windowMs: 1_000 }],
  } satisfies PostingLimits,
  blocksPerMessage: 50,
  sectionText: 3000,
  headerText: 150,
  fieldsPerSection: 10,
  fieldText: 2000,
  contextElements: 10,
  contextText: 3000,
  /**
   * The top-level `text` (notification and fallback) of a message carrying blocks. Slack documents
   * 4,000 characters as the length to keep `text` under and truncates it past 40,000 (chat.postMessage
   * reference; api.slack.com/changelog/2018-04-truncating-really-long-messages); we keep it shorter.
   */
  fallbackText: 3000,
  /**
   * The text of all blocks of one message together. Not the `text` field's 4,000 above: Slack answers
   * msg_blocks_too_long past a cumulative block size it documents only for the markdown block
   * (12,000 characters, docs.slack.dev/reference/block-kit/blocks/markdown-block), which Slack's
   * maintainers give for every block type (slackapi/bolt-js#2509, #2867). Kept at 12,000: our blocks
   * carry little structure beside their text, and the 3,000-character sections bound each one.
   */
  messageText: 12_000,
  /** response_url accepts at most five messages per command. */
  responsesPerCommand: 5,
  /** files.getUploadURLExternal refuses a longer image description (`alt_txt_too_large`). */
  imageAltText: 1000,
} as const;

/**
 * Discord's message limits (developers/resources/message: "Embed Limits"). A message over any of them
 * is rejected with 400 / 50035, so the renderers split rather than let one through. Lengths are
 * counted in UTF-16 units, which is never less than Discord's own count.
 */
export const DISCORD_LIMITS = {
  // POST /channels/{id}/messages: 5 per 5 s per channel; 50 requests/s per bot globally. Invalid
  // requests (401/403/429) count towards a ban at 10,000 per 10 minutes, so 429s must stay rare.
  posting: {
    perChannel: [{ limit: 5, windowMs: 5_000 }],
    perPlatform: [{ limit: 50, windowMs: 1_000 }],
  } satisfies PostingLimits,
  content: 2000,
  embedsPerMessage: 10,
  /** Sum of every title, description, field name and value, footer and author name in a message. */
  charactersPerMessage: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  /** An attachment's `description`, its alt text. */
  attachmentDescription: 1024,
  autocompleteChoices: 25,
  choiceName: 100,
  choiceValue: 100,
  commandDescription: 100,
  optionsPerCommand: 25,
} as const;

/** How fast each platform may be posted to; the terminal has no limits. */
export const POSTING_LIMITS: Readonly<Record<Platform, PostingLimits>> = {
  slack: SLACK_LIMITS.posting,
  discord: DISCORD_LIMITS.posting,
  console: { perChannel: [], perPlatform: [] },
};

import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import type { SendResult } from '../../src/model/chat.js';

/** Errors that will not go away by retrying the same message to the same channel, with advice. */
const PERMANENT_CODES: Record<number, string> = {
  10003: 'Unknown Channel (10003): the channel was deleted or the id is wrong',
  50001:
    'Missing Access (50001): the bot cannot see this channel — invite it to the server and allow View Channel',
  50013: 'Missing Permissions (50013): give the bot Send Messages and Embed Links in this channel',
  50008: 'Cannot send messages in a non-text channel (50008): subscribe a text channel instead',
  50035: 'Invalid Form Body (50035): Discord refused the message itself; this is a ree-watch bug',
  40005: 'Request entity too large (40005): the message is too large; this is a ree-watch bug',
};

/**
 * How a failed Discord API call maps onto the outbox's decisions. Discord's 429 carries `retry_after`
 * (read by @discordjs/rest from the Retry-After header, or from the body here); 5xx and network
 * failures are worth retrying; a channel the bot cannot reach is permanent, so it is not hammered
 * towards Discord's 10,000-invalid-requests-per-10-minutes ban.
 */
export function sendResultFromError(error: unknown): SendResult {
  if (error instanceof RateLimitError) {
    return {
      ok: false,
      kind: 'rate-limited',
      retryAfterMs: Math.max(0, Math.ceil(error.retryAfter)),
      error: `rate limited by Discord (${error.global ? 'global' : error.scope} limit on ${error.route})`,
    };
  }
  if (error instanceof DiscordAPIError) {
    if (error.status === 429) {
      const seconds = Number((error.rawError as { retry_after?: unknown }).retry_after);
      return {
        ok: false,
        kind: 'rate-limited',
        retryAfterMs: Number.isFinite(seconds) ? Math.ceil(seconds * 1000) : 1000,
        error: 'rate limited by Discord',
      };
    }
    const code = typeof error.code === 'number' ? error.code : Number(error.code);
    const known = PERMANENT_CODES[code];
    if (known) return { ok: false, kind: 'permanent', error: known };
    if (error.status === 401)
      return {
        ok: false,
        kind: 'transient',
        error: 'Discord rejected the bot token (401): check DISCORD_TOKEN',
      };
    if (error.status >= 500) return { ok: false, kind: 'transient', error: `Discord error ${error.status}` };
    return {
      ok: false,
      kind: 'permanent',
      error: `Discord refused the message: ${error.message.slice(0, 200)} (${error.status}${code ? `, code ${code}` : ''})`,
    };
  }
  if (error instanceof HTTPError) {
    return error.status >= 500 || error.status === 408
      ? { ok: false, kind: 'transient', error: `Discord unavailable (HTTP ${error.status})` }
      : { ok: false, kind: 'permanent', error: `Discord refused the message (HTTP ${error.status})` };
  }
  const message = error instanceof Error ? error.message : String(error);
  if (/Expected token to be set/i.test(message)) {
    // @discordjs/rest drops the token after a 401; nothing is sent until the service is restarted.
    return {
      ok: false,
      kind: 'transient',
      error: 'no valid Discord bot token (rejected earlier): fix DISCORD_TOKEN',
    };
  }
  // Timeouts, refused or reset connections, DNS: the network, not the message.
  return { ok: false, kind: 'transient', error: `could not reach Discord: ${networkReason(error)}` };
}

/** Refusals of a chart message that concern the chart, not the channel: the alert itself went out. */
const CHART_ONLY_CODES: Record<number, string> = {
  50013:
    'Missing Permissions (50013) for the chart: give the bot Attach Files in this channel to get charts with alerts',
  40005: 'Request entity too large (40005): the chart is too large; this is a ree-watch bug',
  50035: 'Invalid Form Body (50035): Discord refused the chart message; this is a ree-watch bug',
};

/**
 * Like sendResultFromError, for a chart message: a channel that is gone stays permanent for the
 * channel, but a refusal of the chart itself (no Attach Files permission) fails only the chart.
 */
export function chartResultFromError(error: unknown): SendResult {
  const result = sendResultFromError(error);
  if (result.ok || result.kind !== 'permanent' || !(error instanceof DiscordAPIError)) return result;
  const code = typeof error.code === 'number' ? error.code : Number(error.code);
  const chartOnly = CHART_ONLY_CODES[code];
  return chartOnly ? { ok: false, kind: 'permanent', error: chartOnly, onlyThisMessage: true } : result;
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (error instanceof Error && error.name === 'AbortError') return 'timed out';
  return error instanceof Error ? error.message.slice(0, 200) : 'unknown error';
}

/** Interaction and webhook tokens sit in the URL path; they are credentials for 15 minutes. */
export function redactDiscordUrl(url: string): string {
  return url.replace(/\/(webhooks|interactions)\/(\d+)\/[^/?#]+/g, '/$1/$2/[REDACTED]');
}

/** Fields of a Discord error that are safe to log: no URL tokens, no request bodies, no headers. */
export function describeError(error: unknown): Record<string, unknown> {
  if (error instanceof RateLimitError)
    return {
      type: 'RateLimitError',
      route: error.route,
      retryAfterMs: error.retryAfter,
      global: error.global,
    };
  if (error instanceof DiscordAPIError)
    return {
      type: 'DiscordAPIError',
      code: error.code,
      status: error.status,
      method: error.method,
      url: redactDiscordUrl(error.url),
      message: error.message,
    };
  if (error instanceof HTTPError)
    return {
      type: 'HTTPError',
      status: error.status,
      method: error.method,
      url: redactDiscordUrl(error.url),
    };
  if (error instanceof Error)
    return {
      type: error.name,
      message: redactDiscordUrl(error.message),
      code: (error as { code?: unknown }).code,
    };
  return { type: typeof error, message: String(error) };
}

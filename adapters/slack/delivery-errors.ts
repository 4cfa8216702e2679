import type { SendResult } from '../../src/model/chat.js';

/**
 * Slack errors after which sending the same message again can never work: the outbox gives up on it,
 * flags the subscription, and `/ree status` shows the advice. The first five are the ones Slack
 * documents for a channel or token that is gone; the rest are token or payload problems.
 */
const PERMANENT: Record<string, string> = {
  channel_not_found:
    'the channel does not exist or the bot cannot see it (for a private channel, invite the bot)',
  not_in_channel: 'the bot is not in this channel: invite it with /invite @ree-watch',
  is_archived: 'the channel is archived',
  invalid_auth: 'Slack rejected the bot token (SLACK_BOT_TOKEN); reinstall the app and update the token',
  account_inactive: 'the bot token belongs to a deactivated app or user; reinstall the app',
  token_revoked: 'the bot token was revoked; reinstall the app and update SLACK_BOT_TOKEN',
  not_authed: 'no bot token was sent; check SLACK_BOT_TOKEN',
  missing_scope: 'the app lacks a scope it needs; reinstall it from `ree-watch slack manifest`',
  restricted_action: 'a workspace setting prevents the bot from posting in this channel',
  team_access_not_granted: 'the token has no access to this workspace',
  invalid_blocks: 'Slack rejected the message layout (a ree-watch bug; please report it)',
  invalid_blocks_format: 'Slack rejected the message layout (a ree-watch bug; please report it)',
  msg_too_long: 'the message is too long for Slack (a ree-watch bug; please report it)',
  msg_blocks_too_long: 'the message is too long for Slack (a ree-watch bug; please report it)',
  no_text: 'the message was empty (a ree-watch bug; please report it)',
  invalid_arguments: 'Slack rejected the request arguments (a ree-watch bug; please report it)',
};

/** Platform errors that mean "slow down" even though they came without a 429. */
const RATE_LIMITED_ERRORS = new Set(['ratelimited', 'rate_limited']);

interface SlackErrorShape {
  code?: unknown;
  retryAfter?: unknown;
  statusCode?: unknown;
  data?: { error?: unknown };
  message?: unknown;
}

/**
 * Maps what @slack/web-api threw (with retries off and rejectRateLimitedCalls on) to a delivery
 * outcome: 429 → rate-limited after Retry-After; channel or token gone → permanent; 5xx, timeouts and
 * network failures → transient. Error texts never contain the request, so they are safe to store.
 */
export function deliveryResult(error: unknown): SendResult {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SlackErrorShape;
  switch (shape.code) {
    case 'slack_webapi_rate_limited_error': {
      const seconds = typeof shape.retryAfter === 'number' && shape.retryAfter >= 0 ? shape.retryAfter : 1;
      return {
        ok: false,
        kind: 'rate-limited',
        retryAfterMs: seconds * 1000,
        error: `rate limited by Slack: retry after ${seconds} s`,
      };
    }
    case 'slack_webapi_platform_error': {
      const code = typeof shape.data?.error === 'string' ? shape.data.error : 'unknown_error';
      const advice = PERMANENT[code];
      if (advice) return { ok: false, kind: 'permanent', error: `${code}: ${advice}` };
      if (RATE_LIMITED_ERRORS.has(code)) {
        return {
          ok: false,
          kind: 'rate-limited',
          retryAfterMs: 1000,
          error: `${code}: rate limited by Slack`,
        };
      }
      return { ok: false, kind: 'transient', error: `${code}: Slack refused the message` };
    }
    case 'slack_webapi_http_error': {
      const status = typeof shape.statusCode === 'number' ? shape.statusCode : 0;
      return { ok: false, kind: 'transient', error: `Slack answered HTTP ${status}` };
    }
    case 'slack_webapi_request_error':
      return { ok: false, kind: 'transient', error: `could not reach Slack: ${requestProblem(shape)}` };
    default:
      return {
        ok: false,
        kind: 'transient',
        error: `unexpected error sending to Slack: ${typeof shape.message === 'string' ? shape.message : String(error)}`,
      };
  }
}

function requestProblem(shape: SlackErrorShape): string {
  const message = typeof shape.message === 'string' ? shape.message : '';
  if (/timeout|aborted/i.test(message)) return 'the request timed out';
  return message.replace(/^A request error occurred: /, '') || 'network error';
}

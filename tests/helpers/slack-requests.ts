import { signSlackRequest } from '../../adapters/slack/signature.js';

/**
 * Slack's worked example from "Verifying requests from Slack"
 * (docs.slack.dev/authentication/verifying-requests-from-slack), byte for byte.
 */
export const SLACK_SIGNING_EXAMPLE = {
  signingSecret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: '1531420618',
  body: 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};

export interface SignedPost {
  body: string;
  timestamp?: string;
  signature?: string;
  /** Headers to leave out, to test their absence. */
  omit?: ('timestamp' | 'signature')[];
  /** Slack sends exactly application/x-www-form-urlencoded; proxies may add a charset. */
  contentType?: string;
}

/**
 * POSTs a body to /slack/events as Slack does: exactly `application/x-www-form-urlencoded`, the body
 * as a pre-encoded string, and the two signing headers.
 */
export async function postToSlackEvents(url: string, post: SignedPost): Promise<Response> {
  const headers: Record<string, string> = {
    'content-type': post.contentType ?? 'application/x-www-form-urlencoded',
  };
  if (!post.omit?.includes('timestamp') && post.timestamp)
    headers['x-slack-request-timestamp'] = post.timestamp;
  if (!post.omit?.includes('signature') && post.signature) headers['x-slack-signature'] = post.signature;
  return fetch(url, { method: 'POST', headers, body: post.body });
}

/** A form body signed with `secret` at `nowMs` (Slack's clock), ready for postToSlackEvents. */
export function signedForm(fields: Record<string, string>, secret: string, nowMs: number): SignedPost {
  const body = new URLSearchParams(fields).toString();
  const timestamp = String(Math.floor(nowMs / 1000));
  return { body, timestamp, signature: signSlackRequest(body, timestamp, secret) };
}

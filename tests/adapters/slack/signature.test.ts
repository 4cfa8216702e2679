import { describe, expect, it } from 'vitest';
import { signSlackRequest, verifySlackSignature } from '../../../adapters/slack/signature.js';
import { SLACK_SIGNING_EXAMPLE as SLACK_EXAMPLE } from '../../helpers/slack-requests.js';

const at = (seconds: number) => seconds * 1000;
const exampleNow = at(Number(SLACK_EXAMPLE.timestamp));

describe("Slack request signatures (Slack's published worked example)", () => {
  it('computes exactly the signature Slack publishes', () => {
    expect(signSlackRequest(SLACK_EXAMPLE.body, SLACK_EXAMPLE.timestamp, SLACK_EXAMPLE.signingSecret)).toBe(
      SLACK_EXAMPLE.signature,
    );
  });

  it('accepts the example at its own time, and up to 5 minutes either side', () => {
    const request = {
      rawBody: SLACK_EXAMPLE.body,
      timestamp: SLACK_EXAMPLE.timestamp,
      signature: SLACK_EXAMPLE.signature,
    };
    for (const now of [exampleNow, exampleNow + at(300), exampleNow - at(300)]) {
      expect(verifySlackSignature(request, SLACK_EXAMPLE.signingSecret, now)).toEqual({ ok: true });
    }
  });

  const tampered: [
    string,
    {
      rawBody?: string;
      timestamp?: string | undefined;
      signature?: string | undefined;
      now?: number;
      secret?: string;
    },
    RegExp,
  ][] = [
    ['a forged signature', { signature: `v0=${'0'.repeat(64)}` }, /does not match/],
    [
      'a signature made with another secret',
      { secret: '8f742231b10e8888abcd99yyyzzz85a6' },
      /does not match/,
    ],
    [
      'the body altered after signing (text=help added)',
      { rawBody: SLACK_EXAMPLE.body.replace('text=', 'text=help') },
      /does not match/,
    ],
    ['the body with one byte appended', { rawBody: `${SLACK_EXAMPLE.body}&` }, /does not match/],
    ['a replay 6 minutes later', { now: exampleNow + at(360) }, /5 minutes/],
    ['a timestamp 6 minutes in the future', { now: exampleNow - at(360) }, /5 minutes/],
    [
      'the timestamp changed to a fresh one',
      { timestamp: String(Number(SLACK_EXAMPLE.timestamp) + 60) },
      /does not match/,
    ],
    ['no signature header', { signature: undefined }, /missing or malformed X-Slack-Signature/],
    ['no timestamp header', { timestamp: undefined }, /missing or malformed X-Slack-Request-Timestamp/],
    [
      'an unknown signature version',
      { signature: SLACK_EXAMPLE.signature.replace('v0=', 'v1=') },
      /malformed/,
    ],
    ['a truncated signature', { signature: SLACK_EXAMPLE.signature.slice(0, -2) }, /malformed/],
  ];

  it.each(tampered)('refuses %s', (_name, change, reason) => {
    const request = {
      rawBody: change.rawBody ?? SLACK_EXAMPLE.body,
      timestamp: 'timestamp' in change ? change.timestamp : SLACK_EXAMPLE.timestamp,
      signature: 'signature' in change ? change.signature : SLACK_EXAMPLE.signature,
    };
    const verdict = verifySlackSignature(
      request,
      change.secret ?? SLACK_EXAMPLE.signingSecret,
      change.now ?? exampleNow,
    );
    expect(verdict.ok).toBe(false);
    expect(verdict.ok ? '' : verdict.reason).toMatch(reason);
  });

  it('verifies the raw bytes, so a body that is not valid UTF-8 is checked as sent', () => {
    const rawBody = Buffer.from([0x74, 0x65, 0x78, 0x74, 0x3d, 0xff, 0xfe]);
    const signature = signSlackRequest(rawBody, SLACK_EXAMPLE.timestamp, SLACK_EXAMPLE.signingSecret);
    expect(
      verifySlackSignature(
        { rawBody, timestamp: SLACK_EXAMPLE.timestamp, signature },
        SLACK_EXAMPLE.signingSecret,
        exampleNow,
      ),
    ).toEqual({ ok: true });
  });
});

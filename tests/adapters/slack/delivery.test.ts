import { afterEach, describe, expect, it } from 'vitest';
import type { SendResult } from '../../../src/model/chat.js';
import type { AlertDigest } from '../../../src/render/alert-digest.js';
import { digestOf, seriesEntry } from '../../helpers/digests.js';
import { type SlackHarness, startSlackHarness } from '../../helpers/slack-adapter-harness.js';
import type { FakeAnswer } from '../../helpers/test-slack-server.js';

const running: SlackHarness[] = [];
afterEach(async () => {
  for (const harness of running.splice(0)) await harness.stop();
});

async function harness(apiTimeoutMs?: number): Promise<SlackHarness> {
  const started = await startSlackHarness(apiTimeoutMs ? { apiTimeoutMs } : {});
  running.push(started);
  return started;
}

const payload = {
  text: 'test alert',
  blocks: [{ type: 'section', text: { type: 'plain_text', text: 'x' } }],
};

describe('SlackAdapter.send: one chat.postMessage, outcome mapped for the outbox, never retried', () => {
  const cases: [string, FakeAnswer, SendResult][] = [
    [
      '429 with Retry-After: 7',
      { rateLimited: { retryAfterSeconds: 7 } },
      {
        ok: false,
        kind: 'rate-limited',
        retryAfterMs: 7000,
        error: 'rate limited by Slack: retry after 7 s',
      },
    ],
    ['HTTP 500', { status: 500 }, { ok: false, kind: 'transient', error: 'Slack answered HTTP 500' }],
    ['HTTP 503', { status: 503 }, { ok: false, kind: 'transient', error: 'Slack answered HTTP 503' }],
    ...(
      [
        ['channel_not_found', /cannot see it/],
        ['not_in_channel', /invite it with \/invite @ree-watch/],
        ['is_archived', /archived/],
        ['invalid_auth', /SLACK_BOT_TOKEN/],
        ['account_inactive', /deactivated/],
      ] as const
    ).map(([code, advice]): [string, FakeAnswer, SendResult] => [
      `{ok:false,error:"${code}"}`,
      { error: code },
      {
        ok: false,
        kind: 'permanent',
        error: expect.stringMatching(new RegExp(`^${code}: .*${advice.source}`)),
      },
    ]),
    [
      '{ok:false,error:"fatal_error"} (Slack-side, temporary)',
      { error: 'fatal_error' },
      { ok: false, kind: 'transient', error: 'fatal_error: Slack refused the message' },
    ],
  ];

  it.each(cases)('%s', async (_name, answer, expected) => {
    const { fake, adapter } = await harness();
    fake.answerNextPosts(answer);
    expect(await adapter.send('C0ALERTS', payload)).toEqual(expected);
    // Exactly one attempt reached Slack: the outbox sender, not the Web API client, retries.
    expect(fake.methods().filter((method) => method === 'chat.postMessage')).toHaveLength(1);
  });

  it('returns ok with the message ts, and Slack receives the channel, text and blocks', async () => {
    const { fake, adapter } = await harness();
    const result = await adapter.send('C0ALERTS', payload);
    expect(result).toEqual({ ok: true, externalId: expect.stringMatching(/^\d+\.\d{6}$/) });
    expect(fake.posts).toEqual([
      expect.objectContaining({ channel: 'C0ALERTS', text: 'test alert', blocks: payload.blocks }),
    ]);
    expect(fake.calls.at(-1)?.authorization).toBe('Bearer xoxb-fake-bot-token');
  });

  it('maps a request that times out to transient', async () => {
    const { fake, adapter } = await harness(1500);
    fake.answerNextPosts({ hang: true });
    expect(await adapter.send('C0ALERTS', payload)).toEqual({
      ok: false,
      kind: 'transient',
      error: 'could not reach Slack: the request timed out',
    });
  });

  it('maps an unreachable Slack to transient', async () => {
    const { fake, adapter } = await harness();
    await fake.close();
    const result = await adapter.send('C0ALERTS', payload);
    expect(result).toMatchObject({
      ok: false,
      kind: 'transient',
      error: expect.stringMatching(/^could not reach Slack/),
    });
  });
});

describe('alert delivery: renderDigest + send against the fake Slack', () => {
  // China → US rare-earth magnet exports, GACC data as reported (research/fixtures/FIGURES.md, table B):
  // August 2025 590 t, September 420.5 t, "dropped 28.7% from August" — crosses a 25 % month-on-month rule.
  const digest: AlertDigest = digestOf([
    seriesEntry({
      key: 'china-us-magnets/hs-850511/2025-09',
      watchlistId: 'china-us-magnets',
      watchlistTitle: 'China → United States rare-earth magnet exports',
      transition: 'enter',
      severity: 'warning',
      headline:
        "China → United States rare-earth magnet exports fell to 421 t in September 2025, -29% on August's 590 t",
      comparisons: '-29% m/m (590 t) ▼ · -30% y/y (598 t)',
      source: 'China customs (GACC), as reported',
      url: 'https://www.kaohooninternational.com/economics/568315',
    }),
  ]);

  it("posts exactly one message to the channel, carrying the alert's numbers and a link to the source", async () => {
    const { fake, adapter } = await harness();
    const payloads = adapter.renderDigest(digest);
    expect(payloads).toHaveLength(1);
    for (const message of payloads)
      expect(await adapter.send('C0ALERTS', message)).toMatchObject({ ok: true });

    expect(fake.posts).toHaveLength(1);
    const [post] = fake.posts;
    expect(post?.channel).toBe('C0ALERTS');
    expect(post?.text).toContain("fell to 421 t in September 2025, -29% on August's 590 t");
    const blocks = JSON.stringify(post?.blocks);
    for (const figure of ['-29% m/m (590 t) ▼', '-30% y/y (598 t)']) expect(blocks).toContain(figure);
    expect(blocks).toContain(
      '<https://www.kaohooninternational.com/economics/568315|www.kaohooninternational.com>',
    );
    expect(post?.form.unfurl_links).toBe('false');
  });
});

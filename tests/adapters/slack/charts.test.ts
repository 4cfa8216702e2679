import { afterEach, describe, expect, it } from 'vitest';
import type { SendResult } from '../../../src/model/chat.js';
import type { AlertDigest } from '../../../src/render/alert-digest.js';
import { loadWatchlists } from '../../../src/watchlists/load.js';
import { seedDropAlert, seedMagnets } from '../../helpers/command-data.js';
import { digestOf, seriesEntry } from '../../helpers/digests.js';
import { testServices } from '../../helpers/services.js';
import {
  type SlackHarness,
  startSlackHarness,
  TEST_SIGNING_SECRET,
} from '../../helpers/slack-adapter-harness.js';
import { postToSlackEvents, signedForm } from '../../helpers/slack-requests.js';
import { openTestStorage } from '../../helpers/storage.js';
import type { AnsweredStep, FakeAnswer } from '../../helpers/test-slack-server.js';

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47];

const running: SlackHarness[] = [];
afterEach(async () => {
  for (const harness of running.splice(0)) await harness.stop();
});

/** A real SlackAdapter over seeded China → India magnet figures, so `/ree chart` has something to draw. */
async function harness(apiTimeoutMs?: number): Promise<SlackHarness> {
  const db = await openTestStorage();
  await seedMagnets(db, Date.now());
  await seedDropAlert(
    db,
    '2025-04',
    'China → India rare-earth magnet exports fell 80% in April 2025.',
    Date.now(),
  );
  const started = await startSlackHarness({
    services: await testServices({ watchlists: loadWatchlists('config/watchlists.yaml') }, db),
    ...(apiTimeoutMs ? { apiTimeoutMs } : {}),
  });
  running.push(started);
  return started;
}

/** Sends a signed `/ree <text>` and returns the text of every block of the reply at response_url. */
async function ask(h: SlackHarness, text: string): Promise<string> {
  const form = signedForm(h.fake.slashCommand(text), TEST_SIGNING_SECRET, h.clock.now());
  expect((await postToSlackEvents(h.eventsUrl, form)).status).toBe(200);
  const answer = await h.fake.waitFor(() => h.fake.responses[0], `the answer to /ree ${text}`);
  return JSON.stringify(answer.body.blocks);
}

describe('/ree chart on Slack: the external upload flow', () => {
  it('uploads the PNG (URL, bytes, complete with channel_id) and the reply says it was posted here', async () => {
    const h = await harness();
    const blocks = await ask(h, 'chart china-india-magnets');

    expect(h.fake.methods().filter((method) => method.startsWith('files.'))).toEqual([
      'files.getUploadURLExternal',
      'files.completeUploadExternal',
    ]);
    const [file] = h.fake.uploads;
    expect(file).toMatchObject({
      filename: 'china-india-magnets-24m.png',
      altText: 'China → India rare-earth magnet exports, 2023-07 to 2025-06',
      contentType: 'application/octet-stream',
      shared: {
        channel: 'C0ALERTS',
        title: 'China → India rare-earth magnet exports, 2023-07 to 2025-06',
        initialComment: expect.stringContaining('Chart of china-india-magnets, 2023-07 to 2025-06'),
      },
    });
    expect([...(file?.bytes ?? Buffer.alloc(0)).subarray(0, 4)]).toEqual(PNG_SIGNATURE);
    expect(file?.bytes?.length).toBe(file?.length);
    // The pre-signed upload URL gets the bytes only, never the bot token.
    expect(file?.authorization).toBeUndefined();
    expect(blocks).toContain(
      'Chart posted in this channel, for everyone here to see: China → India rare-earth magnet exports, 2023-07 to 2025-06.',
    );
  });

  const failures: [string, AnsweredStep, FakeAnswer, string][] = [
    [
      'the bot is not in the channel',
      'files.completeUploadExternal',
      { error: 'not_in_channel' },
      'The chart could not be attached: not_in_channel: the bot is not in this channel: invite it with /invite @ree-watch.',
    ],
    [
      'the app was installed before it needed files:write',
      'files.getUploadURLExternal',
      { error: 'missing_scope' },
      'The chart could not be attached: missing_scope: the app may not upload files (files:write); reinstall it from `ree-watch slack manifest`.',
    ],
    [
      'the upload URL fails',
      'upload',
      { status: 500 },
      "The chart could not be attached: Slack's file upload answered HTTP 500.",
    ],
  ];

  it.each(failures)(
    'when %s, the reply text still arrives and says why the chart is missing',
    async (_name, step, answer, line) => {
      const h = await harness();
      h.fake.answerNext(step, answer);
      const blocks = await ask(h, 'chart china-india-magnets');
      expect(blocks).toContain('Chart of china-india-magnets, 2023-07 to 2025-06');
      expect(blocks).toContain(line);
      expect(h.fake.sharedFiles()).toEqual([]);
    },
  );

  it('gives up on an upload URL that never answers within the request timeout, and still replies', async () => {
    const h = await harness(1_000);
    h.fake.answerNext('upload', { hang: true });
    const started = Date.now();
    const blocks = await ask(h, 'chart china-india-magnets');
    expect(blocks).toContain('The chart could not be attached: the chart upload timed out.');
    expect(Date.now() - started).toBeLessThan(8_000);
  });
});

describe('SlackAdapter: an alert digest with a chart', () => {
  const digest: AlertDigest = {
    ...digestOf([
      seriesEntry({
        key: 'china-india-magnets/hs-850511/2025-04',
        watchlistId: 'china-india-magnets',
        watchlistTitle: 'China → India rare-earth magnet exports',
        transition: 'enter',
        headline:
          "China → India rare-earth magnet exports fell to 198 t in April 2025, -52% on March's 412 t",
        comparisons: '-52% m/m (412 t) ▼',
        chart: { watchlistId: 'china-india-magnets', hs: '850511' },
      }),
    ]),
    generatedAt: Date.parse('2025-05-20T06:00:00Z'),
    charts: [
      {
        watchlistId: 'china-india-magnets',
        hs: '850511',
        image: {
          filename: 'china-india-magnets-24m.png',
          png: new Uint8Array([...PNG_SIGNATURE, 1, 2, 3, 4]),
          alt: 'China → India rare-earth magnet exports, 2023-07 to 2025-06',
        },
      },
    ],
  };

  it('renders the messages, then one upload payload that send() shares in the channel after them', async () => {
    const h = await harness();
    const payloads = h.adapter.renderDigest(digest);
    expect(payloads).toHaveLength(2);
    expect(payloads[1]).toMatchObject({ chart_upload: { filename: 'china-india-magnets-24m.png' } });
    // What the outbox stores is JSON.
    const stored = payloads.map((payload) => JSON.parse(JSON.stringify(payload)) as Record<string, unknown>);

    for (const payload of stored)
      expect(await h.adapter.send('C0ALERTS', payload)).toMatchObject({ ok: true });
    expect(h.fake.posts).toHaveLength(1);
    expect(h.fake.sharedFiles()).toEqual([
      expect.objectContaining({
        bytes: Buffer.from([...PNG_SIGNATURE, 1, 2, 3, 4]),
        shared: expect.objectContaining({ channel: 'C0ALERTS' }),
      }),
    ]);
    expect(h.fake.methods().indexOf('chat.postMessage')).toBeLessThan(
      h.fake.methods().indexOf('files.getUploadURLExternal'),
    );
  });

  const outcomes: [string, AnsweredStep, FakeAnswer, SendResult][] = [
    [
      'missing files:write fails the chart only',
      'files.getUploadURLExternal',
      { error: 'missing_scope' },
      {
        ok: false,
        kind: 'permanent',
        error: expect.stringMatching(/^missing_scope: .*files:write/),
        onlyThisMessage: true,
      },
    ],
    [
      'a channel the bot left is permanent for the channel',
      'files.completeUploadExternal',
      { error: 'not_in_channel' },
      { ok: false, kind: 'permanent', error: expect.stringMatching(/^not_in_channel: /) },
    ],
    [
      '429 is retried after Retry-After',
      'files.completeUploadExternal',
      { rateLimited: { retryAfterSeconds: 3 } },
      {
        ok: false,
        kind: 'rate-limited',
        retryAfterMs: 3000,
        error: 'rate limited by Slack: retry after 3 s',
      },
    ],
    [
      'a failing upload URL is transient',
      'upload',
      { status: 503 },
      { ok: false, kind: 'transient', error: "Slack's file upload answered HTTP 503" },
    ],
  ];

  it.each(outcomes)('%s', async (_name, step, answer, expected) => {
    const h = await harness();
    h.fake.answerNext(step, answer);
    const [, upload] = h.adapter.renderDigest(digest);
    expect(await h.adapter.send('C0ALERTS', JSON.parse(JSON.stringify(upload)))).toEqual(expected);
    expect(h.fake.sharedFiles()).toEqual([]);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import type { AlertDigest } from '../../../src/render/alert-digest.js';
import { digestOf, seriesEntry } from '../../helpers/digests.js';
import { IDS } from '../../helpers/test-discord-server.js';
import { type DiscordHarness, startDiscordHarness } from './adapter-harness.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const messagesPath = new RegExp(`^/channels/${IDS.channel}/messages$`);

const digest: AlertDigest = {
  ...digestOf([
    seriesEntry({
      key: 'china-india-magnets/hs-850511/2025-04',
      watchlistId: 'china-india-magnets',
      watchlistTitle: 'China → India rare-earth magnet exports',
      transition: 'enter',
      headline: "China → India rare-earth magnet exports fell to 198 t in April 2025, -52% on March's 412 t",
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
        png: PNG,
        alt: 'China → India rare-earth magnet exports, 2023-07 to 2025-06',
      },
    },
  ],
};

let harness: DiscordHarness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

/** The payloads as the outbox stores and hands them back: JSON. */
async function stored(options: Parameters<typeof startDiscordHarness>[0] = {}) {
  harness = await startDiscordHarness(options);
  const payloads = harness.adapter
    .renderDigest(digest)
    .map((payload) => JSON.parse(JSON.stringify(payload)) as Record<string, unknown>);
  return { h: harness, payloads };
}

describe('Discord: a drop alert carries its chart', () => {
  it('posts the alert embed, then a message with the PNG attached and shown in an embed', async () => {
    const { h, payloads } = await stored();
    expect(payloads).toHaveLength(2);
    for (const [index, payload] of payloads.entries())
      expect(await h.adapter.send(IDS.channel, payload, { idempotencyKey: `k:${index}` })).toMatchObject({
        ok: true,
      });

    const [alert, chart] = h.fake.requestsTo('POST', messagesPath);
    expect(alert?.files).toEqual([]);
    expect(chart?.files).toEqual([{ name: 'china-india-magnets-24m.png', size: PNG.length }]);
    expect(chart?.body).toMatchObject({
      embeds: [
        {
          title: 'Chart: China → India rare-earth magnet exports, 2023-07 to 2025-06',
          image: { url: 'attachment://china-india-magnets-24m.png' },
        },
      ],
      attachments: [{ id: 0, filename: 'china-india-magnets-24m.png' }],
      allowed_mentions: { parse: [] },
      enforce_nonce: true,
    });
    // The base64 copy in the outbox row is turned into the file part, not sent as JSON.
    expect(JSON.stringify(chart?.body)).not.toContain('chart_png_base64');
  });

  it('a bot without Attach Files fails the chart only; a deleted channel is still permanent for the channel', async () => {
    const { h, payloads } = await stored();
    const chart = payloads[1] ?? {};
    h.fake.failNext({ path: messagesPath, status: 403, code: 50013 });
    expect(await h.adapter.send(IDS.channel, chart)).toEqual({
      ok: false,
      kind: 'permanent',
      error: expect.stringMatching(/Attach Files/),
      onlyThisMessage: true,
    });
    h.fake.failNext({ path: messagesPath, status: 404, code: 10003 });
    const gone = await h.adapter.send(IDS.channel, chart);
    expect(gone).toMatchObject({ ok: false, kind: 'permanent', error: expect.stringMatching(/10003/) });
    expect(gone).not.toHaveProperty('onlyThisMessage');
  });
});

describe('Discord delivery stays well inside the outbox lease', () => {
  it('gives up on a channel POST that never answers and reports it as transient', async () => {
    const { h, payloads } = await stored({ sendTimeoutMs: 1_000 });
    h.fake.failNext({ path: messagesPath, status: 200, hang: true });
    const started = Date.now();
    const result = await h.adapter.send(IDS.channel, payloads[0] ?? {});
    expect(result).toEqual({ ok: false, kind: 'transient', error: 'could not reach Discord: timed out' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

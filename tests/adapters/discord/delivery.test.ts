import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { digestOf, seriesEntry } from '../../helpers/digests.js';
import { IDS } from '../../helpers/test-discord-server.js';
import { type DiscordHarness, startDiscordHarness } from './adapter-harness.js';

let harness: DiscordHarness;
beforeEach(async () => {
  harness = await startDiscordHarness();
});
afterEach(async () => {
  await harness.close();
});

/*
 * Delivery at the adapter's edge: a digest with published figures, rendered and posted to the
 * channel. alert-flow.test.ts runs the same through the App, the alert engine and the outbox.
 */
describe('alert delivery to a Discord channel', () => {
  it('delivers without a gateway session when the process only sends (ree-watch poll)', async () => {
    const sender = await startDiscordHarness({ connectGateway: false });
    try {
      await sender.adapter.start();
      expect(await sender.adapter.send(IDS.channel, { embeds: [{ title: 'x' }] })).toMatchObject({
        ok: true,
      });
      expect(sender.fake.gatewayFrames).toEqual([]);
      expect(sender.fake.requestsTo('GET', /^\/gateway\/bot$/)).toEqual([]);
    } finally {
      await sender.close();
    }
  });

  it('posts one message whose embed carries the series’ headline, its combined line and its link', async () => {
    const payloads = harness.adapter.renderDigest(digestOf([seriesEntry()]));
    for (const payload of payloads)
      expect(await harness.adapter.send(IDS.channel, payload)).toMatchObject({ ok: true });

    const posts = harness.fake.requestsTo('POST', /^\/channels\/\d+\/messages$/);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.path).toBe(`/channels/${IDS.channel}/messages`);
    const body = posts[0]?.body as {
      embeds: { title: string; url: string; description: string; color: number }[];
    };
    expect(body.embeds).toHaveLength(1);
    expect(body.embeds[0]?.title).toContain('fell further to 1,238 t in May 2025, -74%');
    expect(body.embeds[0]?.description).toContain('-53% m/m (2,627 t) ▼ · still -74% y/y (4,812 t) ▼');
    expect(body.embeds[0]?.url).toContain('https://comtradeplus.un.org/TradeFlow?');
    expect(body.embeds[0]?.color).toBe(0xda373c);
    expect(harness.fake.created.map((message) => message.hiddenEmbeds)).toEqual([0]);
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IDS } from '../../../src/fakes/fake-discord-server.js';
import { type DiscordHarness, startDiscordHarness } from './adapter-harness.js';
import { MAY_2025_DROP } from './alert-fixtures.js';

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

  it('posts one message whose embed carries the alert’s numbers', async () => {
    const digest = {
      title: 'ree-watch: 1 new alert',
      alerts: [MAY_2025_DROP],
      generatedAt: Date.parse('2025-06-20T06:00:00Z'),
    };
    const payloads = harness.adapter.renderDigest(digest);
    for (const payload of payloads)
      expect(await harness.adapter.send(IDS.channel, payload)).toMatchObject({ ok: true });

    const posts = harness.fake.requestsTo('POST', /^\/channels\/\d+\/messages$/);
    expect(posts).toHaveLength(1);
    expect(posts[0]?.path).toBe(`/channels/${IDS.channel}/messages`);
    const body = posts[0]?.body as {
      embeds: { fields: { name: string; value: string }[]; description: string; color: number }[];
    };
    expect(body.embeds).toHaveLength(1);
    expect(body.embeds[0]?.fields).toEqual([
      { name: 'From', value: '2,627 t (2025-04)', inline: true },
      { name: 'To', value: '1,238 t (2025-05)', inline: true },
      { name: 'Change', value: '−52.9 %', inline: true },
      { name: 'Period', value: '2025-05', inline: true },
    ]);
    expect(body.embeds[0]?.description).toContain('fell 52.9 % in May 2025, from 2,627 t to 1,238 t');
    expect(body.embeds[0]?.color).toBe(0xda373c);
  });
});

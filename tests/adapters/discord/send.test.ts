import { createServer } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiscordAdapter } from '../../../adapters/discord/discord-adapter.js';
import { silentLogger } from '../../../src/logger.js';
import { Metrics } from '../../../src/metrics.js';
import { IDS } from '../../helpers/test-discord-server.js';
import { type DiscordHarness, startDiscordHarness } from './adapter-harness.js';

let harness: DiscordHarness;
beforeEach(async () => {
  harness = await startDiscordHarness();
});
afterEach(async () => {
  await harness.close();
});

const payload = {
  embeds: [{ title: 'China → India magnets', description: 'fell 52.9 %' }],
  allowed_mentions: { parse: [] },
};
const messagesPath = new RegExp(`^/channels/${IDS.channel}/messages$`);

describe('DiscordAdapter.send', () => {
  it('posts the payload to the channel with the bot token and returns the message id', async () => {
    const result = await harness.adapter.send(IDS.channel, payload);
    expect(result).toEqual({ ok: true, externalId: expect.stringMatching(/^\d+$/) });
    const [request] = harness.fake.requestsTo('POST', messagesPath);
    expect(request?.authorization).toBe(`Bot ${harness.fake.token}`);
    expect(request?.body).toEqual(payload);
  });

  it('passes the outbox key as a nonce, so a retried send cannot post the same alert twice', async () => {
    const key =
      'outbox:discord:1300000000000000003:china-india-magnets/drop:previous-month:20%/hs-850511/2025-05';
    const first = await harness.adapter.send(IDS.channel, payload, { idempotencyKey: key });
    const retry = await harness.adapter.send(IDS.channel, payload, { idempotencyKey: key });
    const [request] = harness.fake.requestsTo('POST', messagesPath);
    const body = request?.body as { nonce: string; enforce_nonce: boolean };
    expect(body.enforce_nonce).toBe(true);
    expect(body.nonce.length).toBeLessThanOrEqual(25);
    expect(retry).toEqual(first);
    const other = await harness.adapter.send(IDS.channel, payload, { idempotencyKey: `${key}#2` });
    expect(other).not.toEqual(first);
  });

  it('forces allowed_mentions to nothing even if a stored payload asked for pings', async () => {
    await harness.adapter.send(IDS.channel, {
      content: '@everyone',
      allowed_mentions: { parse: ['everyone'] },
    });
    expect(harness.fake.requestsTo('POST', messagesPath)[0]?.body).toMatchObject({
      allowed_mentions: { parse: [] },
    });
  });

  it.each([
    { status: 403, code: 50013, kind: 'permanent', error: /Missing Permissions \(50013\)/ },
    { status: 403, code: 50001, kind: 'permanent', error: /Missing Access \(50001\)/ },
    { status: 404, code: 10003, kind: 'permanent', error: /Unknown Channel \(10003\)/ },
    { status: 400, code: 50035, kind: 'permanent', error: /Invalid Form Body/ },
    { status: 500, kind: 'transient', error: /Discord unavailable \(HTTP 500\)/ },
    { status: 502, kind: 'transient', error: /HTTP 502/ },
    { status: 503, kind: 'transient', error: /HTTP 503/ },
  ])('maps $status $code to $kind, after exactly one request', async ({ status, code, kind, error }) => {
    harness.fake.failNext({ path: messagesPath, status, code });
    const result = await harness.adapter.send(IDS.channel, payload);
    expect(result).toMatchObject({ ok: false, kind, error: expect.stringMatching(error) });
    // The outbox sender owns retries: the adapter made one attempt and stopped.
    expect(harness.fake.requestsTo('POST', messagesPath)).toHaveLength(1);
  });

  it('maps a 429 to rate-limited with retry_after (ms), without retrying or waiting', async () => {
    harness.fake.failNext({ path: messagesPath, status: 429, retryAfter: 2.5 });
    const started = Date.now();
    const result = await harness.adapter.send(IDS.channel, payload);
    expect(result).toMatchObject({ ok: false, kind: 'rate-limited' });
    const retryAfterMs = result.ok === false && result.kind === 'rate-limited' ? result.retryAfterMs : 0;
    expect(retryAfterMs).toBeGreaterThanOrEqual(2_500);
    expect(retryAfterMs).toBeLessThanOrEqual(3_100);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(harness.fake.requestsTo('POST', messagesPath)).toHaveLength(1);
  });

  it('treats a rejected token as transient (not the channel’s fault) and says so once in the log', async () => {
    harness.fake.failNext({ path: messagesPath, status: 401 });
    const first = await harness.adapter.send(IDS.channel, payload);
    const second = await harness.adapter.send(IDS.channel, payload);
    expect(first).toMatchObject({
      ok: false,
      kind: 'transient',
      error: expect.stringMatching(/DISCORD_TOKEN/),
    });
    // @discordjs/rest dropped the token after the 401: the second attempt never reaches Discord.
    expect(second).toMatchObject({ ok: false, kind: 'transient' });
    expect(harness.fake.requestsTo('POST', messagesPath)).toHaveLength(1);
    expect(harness.logs.text.match(/Discord rejected DISCORD_TOKEN/g)).toHaveLength(1);
  });

  it('refuses a channel id that cannot be a Discord channel without calling Discord', async () => {
    const result = await harness.adapter.send('console', payload);
    expect(result).toMatchObject({ ok: false, kind: 'permanent' });
    expect(harness.fake.requests).toHaveLength(0);
  });

  it('never writes the bot token to the log, whatever went wrong', async () => {
    for (const failure of [
      { status: 429, retryAfter: 1 },
      { status: 403, code: 50013 },
      { status: 502 },
      { status: 401 },
    ]) {
      harness.fake.failNext({ path: messagesPath, ...failure });
      await harness.adapter.send(IDS.channel, payload);
    }
    expect(harness.logs.text).toContain('Discord delivery failed');
    expect(harness.logs.text).not.toContain(harness.fake.token);
  });
});

describe('DiscordAdapter.send when Discord cannot be reached', () => {
  it('reports a refused connection as transient', async () => {
    const port = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    const adapter = new DiscordAdapter({
      config: {
        token: 'x'.repeat(40),
        applicationId: IDS.application,
        guildId: undefined,
        apiUrl: `http://127.0.0.1:${port}/api`,
      },
      logger: silentLogger(),
      metrics: new Metrics({ processMetrics: false }),
      onCommand: async () => {
        throw new Error('unused');
      },
      definition: () => undefined,
      watchlists: [],
    });
    const result = await adapter.send(IDS.channel, payload);
    expect(result).toMatchObject({
      ok: false,
      kind: 'transient',
      error: expect.stringMatching(/ECONNREFUSED/),
    });
  });
});

import { generateKeyPairSync, type KeyObject, sign } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DISCORD_INTERACTIONS_PATH } from '../../../adapters/discord/http-interactions.js';
import { HttpServer } from '../../../src/http/server.js';
import { silentLogger } from '../../../src/logger.js';
import { reply } from '../../../src/render/reply.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import {
  IDS,
  type InteractionOptions,
  interactionPayload,
  PERMISSIONS,
} from '../../helpers/test-discord-server.js';
import { type DiscordHarness, slowCommand, startDiscordHarness } from './adapter-harness.js';

/** A key pair standing in for the application's: Discord signs with the private half. */
function keyPair(): { publicHex: string; privateKey: KeyObject } {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  // The SPKI DER of an Ed25519 key ends with the 32 raw bytes the Developer Portal shows in hex.
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { publicHex: der.subarray(der.length - 32).toString('hex'), privateKey };
}

type Answer = {
  type: number;
  data?: { flags?: number; embeds?: { title?: string }[]; choices?: { value: string }[] };
};

const application = keyPair();
let harness: DiscordHarness;
let http: HttpServer;
let url: string;
let clock: FakeClock;
let nextId = 1;

beforeEach(async () => {
  clock = new FakeClock(Date.now());
  http = new HttpServer(silentLogger());
  harness = await startDiscordHarness(
    { replyBudgetMs: 150, http, clock },
    { DISCORD_PUBLIC_KEY: application.publicHex },
  );
  harness.app.registry.register(slowCommand);
  await harness.adapter.start();
  url = `http://127.0.0.1:${await http.listen(0, '127.0.0.1')}${DISCORD_INTERACTIONS_PATH}`;
});
afterEach(async () => {
  await harness.close();
  await http.close();
});

/** POSTs a body as Discord would: signed over timestamp + body, with the given key and time. */
async function post(
  body: unknown,
  signer: { key?: KeyObject; atMs?: number; tamper?: (raw: string) => string } = {},
): Promise<{ status: number; answer: Answer | undefined }> {
  const raw = JSON.stringify(body);
  const timestamp = String(Math.floor((signer.atMs ?? clock.now()) / 1000));
  const signature = sign(null, Buffer.from(timestamp + raw), signer.key ?? application.privateKey).toString(
    'hex',
  );
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-signature-ed25519': signature,
      'x-signature-timestamp': timestamp,
    },
    body: signer.tamper ? signer.tamper(raw) : raw,
  });
  const text = await response.text();
  return { status: response.status, answer: text.startsWith('{') ? (JSON.parse(text) as Answer) : undefined };
}

function command(options: InteractionOptions): { body: Record<string, unknown>; token: string } {
  const id = String(1_900_000_000_000_000_000n + BigInt(nextId++));
  const token = `itoken-${id}`;
  return { body: interactionPayload(id, token, options), token };
}

describe('Discord interactions over HTTP', () => {
  it('answers the PING Discord sends when the endpoint URL is saved with a PONG', async () => {
    expect(await post({ id: '1', application_id: IDS.application, type: 1, token: 't', version: 1 })).toEqual(
      { status: 200, answer: { type: 1 } },
    );
  });

  it('refuses a forged signature, a tampered body and a stale timestamp with 401, and logs why', async () => {
    const { body } = command({ subcommand: 'help', permissions: PERMISSIONS.member });
    const stranger = keyPair();
    expect((await post(body, { key: stranger.privateKey })).status).toBe(401);
    expect((await post(body, { tamper: (raw) => raw.replace('help', 'status') })).status).toBe(401);
    expect((await post(body, { atMs: clock.now() - 6 * 60_000 })).status).toBe(401);
    expect((await post(body, { atMs: clock.now() + 6 * 60_000 })).status).toBe(401);
    // A request signed 4 minutes ago is within Discord's window.
    expect((await post(body, { atMs: clock.now() - 4 * 60_000 })).status).toBe(200);
    expect(harness.logs.text).toContain('signature does not match the body');
    expect(harness.logs.text).toContain('timestamp is more than 5 minutes away from now');
    // Nothing was answered for the refused ones: one command ran, once.
    expect(harness.fake.requests).toEqual([]);
  });

  it('answers a quick command once, in the HTTP response, privately and without pings', async () => {
    const { body } = command({ subcommand: 'help', permissions: PERMISSIONS.member });
    const { status, answer } = await post(body);
    expect(status).toBe(200);
    expect(answer?.type).toBe(4);
    expect(answer?.data?.flags).toBe(64);
    expect(answer?.data).toMatchObject({ allowed_mentions: { parse: [] } });
    expect(answer?.data?.embeds?.[0]?.title).toBe('ree-watch commands');
    // The response was the answer: no callback and no webhook call to Discord.
    expect(harness.fake.requests).toEqual([]);
  });

  it('defers a slow command in the response, then edits the answer in through the webhook once', async () => {
    const { body, token } = command({ subcommand: 'test-slow', permissions: PERMISSIONS.member });
    const started = Date.now();
    const { answer } = await post(body);
    expect(answer).toEqual({ type: 5, data: { flags: 64 } });
    // The deferral came well inside Discord's 3 s.
    expect(Date.now() - started).toBeLessThan(2_000);
    const edit = await harness.fake.waitForRequest((request) => request.method === 'PATCH');
    expect(edit.path).toBe(`/webhooks/${IDS.application}/${token}/messages/@original`);
    expect(edit.authorization).toBeUndefined();
    expect(edit.body).toMatchObject({ embeds: [{ title: 'Finally' }], allowed_mentions: { parse: [] } });
    expect(harness.fake.requests).toHaveLength(1);
  });

  it('lets a member with Manage Channels change the channel, and refuses one without it', async () => {
    const refused = await post(
      command({
        subcommand: 'subscribe',
        options: { watchlists: 'china-india-magnets' },
        permissions: PERMISSIONS.member,
      }).body,
    );
    expect(refused.answer?.data?.embeds?.[0]?.title).toBe('Not allowed');
    const allowed = await post(
      command({
        subcommand: 'subscribe',
        options: { watchlists: 'china-india-magnets' },
        permissions: PERMISSIONS.moderator,
      }).body,
    );
    expect(allowed.answer?.type).toBe(4);
    expect(
      await harness.app.storage.subscriptions.forChannel({ platform: 'discord', channel: IDS.channel }),
    ).toMatchObject([{ watchlist: 'china-india-magnets', createdBy: IDS.user }]);
  });

  it('suggests watchlist ids while the user types', async () => {
    const { answer } = await post(
      command({ subcommand: 'subscribe', options: { watchlists: 'china-ind' }, focused: 'watchlists' }).body,
    );
    expect(answer?.type).toBe(8);
    expect(answer?.data?.choices?.[0]?.value).toBe('china-india-magnets');
  });

  it('defers an answer with a chart and edits it in with the PNG attached, since a response carries only JSON', async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]);
    harness.app.registry.register({
      name: 'test-chart',
      summary: 'A chart',
      usage: 'test-chart',
      examples: [],
      options: [],
      run: async () => reply('Chart', ['A line.'], { image: { filename: 'c.png', png, alt: 'A chart' } }),
    });
    const { body, token } = command({ subcommand: 'test-chart', permissions: PERMISSIONS.member });
    expect((await post(body)).answer).toEqual({ type: 5, data: { flags: 64 } });
    const edit = await harness.fake.waitForRequest((request) => request.method === 'PATCH');
    expect(edit.path).toBe(`/webhooks/${IDS.application}/${token}/messages/@original`);
    expect(edit.files).toEqual([{ name: 'c.png', size: png.length }]);
    expect(edit.body).toMatchObject({
      embeds: [{ title: 'Chart', image: { url: 'attachment://c.png' } }],
      attachments: [{ id: 0, filename: 'c.png', description: 'A chart' }],
    });
  });

  it('opens no gateway session: the endpoint answers instead', async () => {
    await post(command({ subcommand: 'help' }).body);
    expect(harness.fake.gatewayFrames).toEqual([]);
    expect(harness.logs.text).toContain(`interactions on POST ${DISCORD_INTERACTIONS_PATH}`);
  });
});

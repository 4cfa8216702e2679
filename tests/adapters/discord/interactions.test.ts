import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { limitViolations } from '../../../adapters/discord/limits.js';
import type { CommandDefinition } from '../../../src/commands/command.js';
import { errorReply, reply } from '../../../src/render/reply.js';
import { IDS, PERMISSIONS, type RecordedRequest } from '../../helpers/test-discord-server.js';
import { type DiscordHarness, slowCommand, startDiscordHarness } from './adapter-harness.js';

/** A channel-changing command registered through the registry, as issue 8's subscribe will be. */
const followCommand: CommandDefinition = {
  name: 'test-follow',
  summary: 'Follow a watchlist in this channel',
  usage: 'test-follow <watchlist>',
  examples: [{ command: 'test-follow', args: { watchlist: 'china-india-magnets' } }],
  changesChannel: true,
  options: [
    {
      name: 'watchlist',
      description: 'Watchlist id',
      type: 'string',
      required: true,
      positional: true,
      autocomplete: 'watchlist',
    },
    { name: 'country', description: 'Country', type: 'string', autocomplete: 'country', positional: false },
  ],
  async run(args, { invocation, services }) {
    const { added } = await services.subscriptions.subscribe(
      { platform: invocation.platform, channel: invocation.channelId },
      args.positional,
      invocation.userId,
      services.clock.now(),
    );
    return reply('Subscribed', [`This channel now follows ${added.join(', ')}.`], { tone: 'success' });
  },
};

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const slowChannelChange: CommandDefinition = {
  name: 'test-slow-change',
  summary: 'Changes the channel slowly, then fails',
  usage: 'test-slow-change',
  examples: [],
  options: [],
  changesChannel: true,
  async run() {
    await delay(400);
    return errorReply('No such watchlist', ['"x" is not a watchlist.']);
  },
};

let harness: DiscordHarness;
beforeEach(async () => {
  harness = await startDiscordHarness({ replyBudgetMs: 150 });
  harness.app.registry.register(followCommand).register(slowCommand).register(slowChannelChange);
  await harness.adapter.start();
});
afterEach(async () => {
  await harness.close();
});

const callbackOf = (id: string) => (request: RecordedRequest) =>
  request.path.startsWith(`/interactions/${id}/`);
type Callback = {
  type: number;
  data?: {
    flags?: number;
    embeds?: { title?: string; description?: string }[];
    allowed_mentions?: unknown;
    choices?: { name: string; value: string }[];
  };
};

describe('Discord interactions', () => {
  it('answers /ree help within the deadline with an ephemeral embed that cannot ping', async () => {
    const { id } = harness.fake.sendInteraction({ subcommand: 'help', permissions: PERMISSIONS.member });
    const request = await harness.fake.waitForRequest(callbackOf(id));
    expect(request.method).toBe('POST');
    expect(request.query.get('with_response')).toBe('false');
    const body = request.body as Callback;
    expect(body.type).toBe(4);
    expect(body.data?.flags).toBe(64);
    expect(body.data?.allowed_mentions).toEqual({ parse: [] });
    expect(body.data?.embeds?.[0]?.title).toBe('ree-watch commands');
    // In Discord's own syntax, "/ree test-follow watchlist:<watchlist>": the angle brackets are escaped so
    // Discord cannot read a mention.
    expect(body.data?.embeds?.[0]?.description).toContain(
      '/ree test-follow watchlist:\\<watchlist\\> \\[country\\] — Follow a watchlist in this channel',
    );
  });

  it('refuses a channel change from a member without Manage Channels, plainly, and changes nothing', async () => {
    const { id } = harness.fake.sendInteraction({
      subcommand: 'test-follow',
      options: { watchlist: 'china-india-magnets' },
      permissions: PERMISSIONS.member,
    });
    const body = (await harness.fake.waitForRequest(callbackOf(id))).body as Callback;
    expect(body.data?.flags).toBe(64);
    expect(body.data?.embeds?.[0]?.title).toBe('Not allowed');
    expect(body.data?.embeds?.[0]?.description).toContain('needs the Manage Channels permission');
    const channel = { platform: 'discord' as const, channel: IDS.channel };
    expect(await harness.app.storage.subscriptions.forChannel(channel)).toEqual([]);
    // Nothing was written: no subscription, no audit event of a change.
    const changes = await harness.storage.sql.all(
      "SELECT action FROM subscription_events WHERE action NOT LIKE 'refused:%'",
    );
    expect(changes).toEqual([]);
  });

  it('lets a member with Manage Channels change the channel, confirming in the channel', async () => {
    const { id } = harness.fake.sendInteraction({
      subcommand: 'test-follow',
      options: { watchlist: 'china-india-magnets' },
      permissions: PERMISSIONS.moderator,
    });
    const body = (await harness.fake.waitForRequest(callbackOf(id))).body as Callback;
    expect(body.type).toBe(4);
    expect(body.data?.flags).toBeUndefined();
    expect(body.data?.embeds?.[0]?.description).toBe('This channel now follows china-india-magnets.');
    expect(
      await harness.app.storage.subscriptions.forChannel({ platform: 'discord', channel: IDS.channel }),
    ).toMatchObject([{ watchlist: 'china-india-magnets', createdBy: IDS.user }]);
  });

  it('defers a slow command at once, then edits the answer in', async () => {
    const { id, token } = harness.fake.sendInteraction({
      subcommand: 'test-slow',
      permissions: PERMISSIONS.member,
    });
    const edit = await harness.fake.waitForRequest((request) => request.method === 'PATCH');
    const callbacks = harness.fake.requests.filter(callbackOf(id));
    expect(callbacks.map((request) => request.body)).toEqual([{ type: 5, data: { flags: 64 } }]);
    expect(edit.path).toBe(`/webhooks/${IDS.application}/${token}/messages/@original`);
    expect((edit.body as Callback['data'])?.embeds?.[0]?.title).toBe('Finally');
  });

  it('replaces a deferred public answer by a private one when a slow channel change fails', async () => {
    const { id, token } = harness.fake.sendInteraction({
      subcommand: 'test-slow-change',
      permissions: PERMISSIONS.moderator,
    });
    const followUp = await harness.fake.waitForRequest(
      (request) => request.method === 'POST' && request.path === `/webhooks/${IDS.application}/${token}`,
    );
    // Deferred in public (flags 0): a channel change is normally confirmed in the channel.
    expect(harness.fake.requests.filter(callbackOf(id)).map((request) => request.body)).toEqual([
      { type: 5, data: { flags: 0 } },
    ]);
    expect(harness.fake.requestsTo('DELETE', /@original$/)).toHaveLength(1);
    expect(followUp.body).toMatchObject({ flags: 64, embeds: [{ title: 'No such watchlist' }] });
  });

  it('suggests watchlist ids and countries while the user types', async () => {
    const watchlist = harness.fake.sendInteraction({
      subcommand: 'test-follow',
      options: { watchlist: 'china-ind' },
      focused: 'watchlist',
    });
    const watchlistBody = (await harness.fake.waitForRequest(callbackOf(watchlist.id))).body as Callback;
    expect(watchlistBody.type).toBe(8);
    expect(watchlistBody.data?.choices?.[0]).toEqual({
      name: 'china-india-magnets — China → India rare-earth magnet exports',
      value: 'china-india-magnets',
    });

    const country = harness.fake.sendInteraction({
      subcommand: 'test-follow',
      options: { watchlist: 'china-india-magnets', country: 'ind' },
      focused: 'country',
    });
    const countryBody = (await harness.fake.waitForRequest(callbackOf(country.id))).body as Callback;
    expect(countryBody.data?.choices?.slice(0, 2).map((choice) => choice.value)).toEqual([
      'India',
      'Indonesia',
    ]);
    expect(countryBody.data?.choices?.length).toBeLessThanOrEqual(25);
  });

  it('logs a gateway drop and RESUME at info, and the gauge follows the connection', async () => {
    const gauge = async () =>
      (await harness.metrics.registry.getSingleMetric('ree_discord_gateway_connected')?.get())?.values[0]
        ?.value;
    expect(await gauge()).toBe(1);
    harness.fake.dropGateway(4000);
    await harness.fake.waitForFrame(6);
    await harness.waitForLog(/"msg":"Discord gateway resumed"/);
    const lines = harness.logs.text
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { level: number; msg: string });
    expect(lines).toContainEqual(
      expect.objectContaining({ level: 30, msg: 'Discord gateway connection closed; reconnecting' }),
    );
    expect(lines).toContainEqual(expect.objectContaining({ level: 30, msg: 'Discord gateway resumed' }));
    expect(await gauge()).toBe(1);
    await harness.adapter.stop();
    expect(await gauge()).toBe(0);
  });

  it('logs an expired interaction without its token or the bot token', async () => {
    harness.fake.failNext({ path: /\/callback$/, status: 404, code: 10062 });
    const { id, token } = harness.fake.sendInteraction({
      subcommand: 'help',
      permissions: PERMISSIONS.member,
    });
    await harness.fake.waitForRequest(callbackOf(id));
    await harness.waitForLog(/could not answer the Discord interaction/);
    expect(harness.logs.text).not.toContain(token);
    expect(harness.logs.text).not.toContain(harness.fake.token);
  });
});

/** A reply far beyond one message, handed straight to the adapter (the registry may fit replies first). */
const longReply = reply('Everything', [], {
  sections: Array.from({ length: 12 }, (_, section) => ({
    heading: `Section ${section}`,
    lines: Array.from(
      { length: 60 },
      (_, line) => `Line ${section}.${line}: ${'rare earth magnets '.repeat(8)}`,
    ),
  })),
});

describe('Discord interactions with a very long answer', () => {
  let long: DiscordHarness;
  beforeEach(async () => {
    long = await startDiscordHarness({ onCommand: async () => longReply });
    await long.adapter.start();
  });
  afterEach(async () => {
    await long.close();
  });

  it('splits a long answer into a reply and follow-ups, each within Discord limits, all private', async () => {
    const { id, token } = long.fake.sendInteraction({
      subcommand: 'anything',
      permissions: PERMISSIONS.member,
    });
    const first = (await long.fake.waitForRequest(callbackOf(id))).body as Callback;
    // The last line of the answer arrives in the last follow-up.
    await long.fake.waitForRequest(
      (request) =>
        request.path === `/webhooks/${IDS.application}/${token}` &&
        JSON.stringify(request.body).includes('Line 11.59:'),
    );
    const followUps = long.fake.requestsTo('POST', new RegExp(`^/webhooks/${IDS.application}/${token}$`));
    expect(followUps.length).toBeGreaterThanOrEqual(2);
    const bodies = [first.data, ...followUps.map((request) => request.body as Callback['data'])];
    const text = JSON.stringify(bodies);
    for (const body of bodies) {
      expect(body?.flags).toBe(64);
      expect(limitViolations(body as Parameters<typeof limitViolations>[0])).toEqual([]);
    }
    expect(text).toContain('Line 0.0:');
    expect(text).toContain('Line 11.59:');
  });
});

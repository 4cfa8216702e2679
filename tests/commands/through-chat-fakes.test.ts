import { afterEach, describe, expect, it } from 'vitest';
import { loadWatchlists } from '../../src/watchlists/load.js';
import { startDiscordHarness } from '../adapters/discord/adapter-harness.js';
import { seedDropAlert, seedMagnets } from '../helpers/command-data.js';
import { seedNotice } from '../helpers/seed.js';
import { testServices } from '../helpers/services.js';
import { startSlackHarness, TEST_SIGNING_SECRET } from '../helpers/slack-adapter-harness.js';
import { postToSlackEvents, signedForm } from '../helpers/slack-requests.js';
import { openTestStorage, type TestStorage } from '../helpers/storage.js';
import { IDS, PERMISSIONS } from '../helpers/test-discord-server.js';

/** What every command is asked and the title it must answer with, in an order that makes sense. */
const SCRIPT: {
  text: string;
  subcommand: string;
  options?: Record<string, string | number>;
  title: RegExp;
}[] = [
  { text: 'help', subcommand: 'help', title: /ree-watch commands$/ },
  {
    text: 'india',
    subcommand: 'country',
    options: { country: 'india' },
    title: /India \(IN\): rare-earth trade and notices$/,
  },
  {
    text: 'notices --days 3650',
    subcommand: 'notices',
    options: { days: 3650 },
    title: /Notices in the last 3650 days$/,
  },
  { text: 'watchlists', subcommand: 'watchlists', title: /8 watchlists$/ },
  {
    text: 'subscribe china-india-magnets china-us-magnets',
    subcommand: 'subscribe',
    options: { watchlists: 'china-india-magnets china-us-magnets' },
    title: /This channel now follows 2 more watchlists$/,
  },
  {
    text: 'unsubscribe china-us-magnets',
    subcommand: 'unsubscribe',
    options: { watchlists: 'china-us-magnets' },
    title: /This channel stopped following china-us-magnets$/,
  },
  {
    text: 'mute china-india-magnets 7d',
    subcommand: 'mute',
    options: { watchlist: 'china-india-magnets', duration: '7d' },
    title: /Muted china-india-magnets until /,
  },
  { text: 'subscriptions', subcommand: 'subscriptions', title: /This channel follows 1 watchlist$/ },
  {
    text: 'unmute china-india-magnets',
    subcommand: 'unmute',
    options: { watchlist: 'china-india-magnets' },
    title: /Unmuted china-india-magnets$/,
  },
  {
    text: 'history china-india-magnets',
    subcommand: 'history',
    options: { watchlist: 'china-india-magnets' },
    title: /History of china-india-magnets$/,
  },
  {
    text: 'chart china-india-magnets',
    subcommand: 'chart',
    options: { subject: 'china-india-magnets' },
    title: /Chart of china-india-magnets, /,
  },
  { text: 'status', subcommand: 'status', title: /ree-watch status: / },
];

async function seed(db: TestStorage): Promise<void> {
  await seedMagnets(db, Date.now());
  await seedDropAlert(
    db,
    '2025-04',
    'China → India rare-earth magnet exports fell 80% in April 2025.',
    Date.now(),
  );
  // Hostile text in stored data must not ping anyone either.
  await seedNotice(db, {
    id: 'x',
    source: 'mofcom',
    title: 'Rare earth notice <!here> @everyone <@U123>',
    publishedAt: Date.now() - 86_400_000,
  });
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

describe('every command through the Slack fake (real Bolt, signed slash commands)', () => {
  it('answers each command at response_url, confirms channel changes in the channel, and never pings', async () => {
    const db = await openTestStorage();
    await seed(db);
    const harness = await startSlackHarness({
      services: await testServices({ watchlists: loadWatchlists('config/watchlists.yaml') }, db),
    });
    cleanups.push(harness.stop);
    for (const [index, step] of SCRIPT.entries()) {
      const form = signedForm(harness.fake.slashCommand(step.text), TEST_SIGNING_SECRET, harness.clock.now());
      expect((await postToSlackEvents(harness.eventsUrl, form)).status).toBe(200);
      const answer = await harness.fake.waitFor(
        () => harness.fake.responses[index],
        `the answer to /ree ${step.text}`,
      );
      expect(String(answer.body.text)).toMatch(step.title);
      const changes = /^(subscribe|unsubscribe|mute|unmute) /.test(step.text);
      expect(answer.body.response_type).toBe(changes ? 'in_channel' : 'ephemeral');
      const blocks = JSON.stringify(answer.body.blocks);
      expect(blocks).not.toMatch(/<!here>|<!channel>|<!everyone>|<@U123>/);
    }
  });
});

describe('every command through the Discord fake (real discord.js, typed options)', () => {
  it('answers each interaction with embeds that cannot ping, attaching the chart as a PNG', async () => {
    const harness = await startDiscordHarness();
    cleanups.push(harness.close);
    await seed(harness.storage);
    await harness.adapter.start();
    for (const step of SCRIPT) {
      const { id, token } = harness.fake.sendInteraction({
        subcommand: step.subcommand,
        ...(step.options ? { options: step.options } : {}),
        permissions: PERMISSIONS.moderator,
      });
      // The answer is either the interaction callback or, for a deferred one, the edit of @original.
      const request = await harness.fake.waitForRequest(
        (candidate) =>
          (candidate.path.startsWith(`/interactions/${id}/`) &&
            (candidate.body as { type?: number })?.type === 4) ||
          (candidate.method === 'PATCH' && candidate.path.includes(token)),
      );
      const body = request.body as { data?: Message } & Message;
      const message = body.data ?? body;
      expect(message.embeds?.[0]?.title).toMatch(step.title);
      expect(message.allowed_mentions).toEqual({ parse: [] });
      if (step.subcommand === 'chart') expect(JSON.stringify(message)).toContain('attachment://');
    }
    expect(
      await harness.app.storage.subscriptions.forChannel({ platform: 'discord', channel: IDS.channel }),
    ).toMatchObject([{ watchlist: 'china-india-magnets', createdBy: IDS.user }]);
  });
});

interface Message {
  embeds?: { title?: string }[];
  allowed_mentions?: unknown;
}

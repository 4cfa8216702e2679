import { afterEach, describe, expect, it } from 'vitest';
import type { SlackConfig } from '../../../src/config.js';
import { capturingLogger } from '../../helpers/capture.js';
import { FakeClock } from '../../helpers/fake-clock.js';
import {
  type SlackHarness,
  startSlackHarness,
  TEST_SIGNING_SECRET,
} from '../../helpers/slack-adapter-harness.js';
import { postToSlackEvents, SLACK_SIGNING_EXAMPLE, signedForm } from '../../helpers/slack-requests.js';
import { TestSlackServer } from '../../helpers/test-slack-server.js';

const SECRET = TEST_SIGNING_SECRET;

const running: SlackHarness[] = [];
afterEach(async () => {
  for (const harness of running.splice(0)) await harness.stop();
});

async function startHttpMode(overrides: Partial<SlackConfig> = {}, clock?: FakeClock): Promise<SlackHarness> {
  const harness = await startSlackHarness({ config: overrides, ...(clock ? { clock } : {}) });
  running.push(harness);
  return harness;
}

describe('Slack adapter, HTTP mode (real Bolt against the fake Slack)', () => {
  it('checks the bot token once at start-up, with auth.test at SLACK_API_URL', async () => {
    const { fake } = await startHttpMode();
    expect(fake.methods()).toEqual(['auth.test']);
    expect(fake.calls[0]?.authorization).toBe('Bearer xoxb-fake-bot-token');
  });

  it('acks a signed /ree help at once, then posts the answer to response_url as Block Kit', async () => {
    const { fake, eventsUrl, clock, invocations } = await startHttpMode();
    const fields = fake.slashCommand('help');
    const response = await postToSlackEvents(eventsUrl, signedForm(fields, SECRET, clock.now()));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');

    const answer = await fake.waitFor(() => fake.responses[0], 'the reply at response_url');
    expect(fields.response_url).toContain(answer.id);
    expect(answer.body.response_type).toBe('ephemeral');
    expect(answer.body.text).toBe('ree-watch commands');
    const blocks = answer.body.blocks as { type: string; text?: { text: string } }[];
    expect(blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'ree-watch commands', emoji: false },
    });
    expect(JSON.stringify(blocks)).toContain('/ree help [command]');

    // The text after /ree reaches the registry unchanged; Slack users may change channels (admins list rules).
    expect(invocations).toEqual([
      {
        platform: 'slack',
        channelId: 'C0ALERTS',
        userId: 'U0ALICE',
        userName: 'alice',
        teamId: 'T0FAKE',
        input: { text: 'help' },
        canManageChannel: true,
      },
    ]);
    expect(fake.methods()).toEqual(['auth.test']);
  });

  it('passes the text after /ree to the registry byte for byte', async () => {
    const { fake, eventsUrl, clock, invocations } = await startHttpMode();
    const text = '  help   subscribe <!channel> 稀土 & "quoted"  ';
    await postToSlackEvents(eventsUrl, signedForm(fake.slashCommand(text), SECRET, clock.now()));
    await fake.waitFor(() => fake.responses[0], 'the reply');
    expect(invocations[0]?.input).toEqual({ text });
  });

  const rejected: [
    string,
    (post: ReturnType<typeof signedForm>, now: number) => Parameters<typeof postToSlackEvents>[1],
  ][] = [
    ['a forged signature', (post) => ({ ...post, signature: `v0=${'a'.repeat(64)}` })],
    [
      'a replayed request (timestamp 6 minutes old)',
      (post, now) => {
        const old = signedForm(Object.fromEntries(new URLSearchParams(post.body)), SECRET, now - 6 * 60_000);
        return old;
      },
    ],
    [
      'a body altered after signing',
      (post) => ({ ...post, body: post.body.replace('text=help', 'text=subscribe+china-india-magnets') }),
    ],
    [
      'a signature made with another secret',
      (post, now) =>
        signedForm(Object.fromEntries(new URLSearchParams(post.body)), 'another-secret-0123456789', now),
    ],
    ['no signature header', (post) => ({ ...post, omit: ['signature'] })],
    ['no timestamp header', (post) => ({ ...post, omit: ['timestamp'] })],
  ];

  it.each(rejected)('answers 401 to %s and runs nothing', async (_name, tamper) => {
    const { fake, eventsUrl, clock, invocations } = await startHttpMode();
    const post = signedForm(fake.slashCommand('help'), SECRET, clock.now());
    const response = await postToSlackEvents(eventsUrl, tamper(post, clock.now()));
    expect(response.status).toBe(401);
    // Give a wrongly accepted request time to show its effects before asserting there are none.
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(invocations).toEqual([]);
    expect(fake.responses).toEqual([]);
    expect(fake.methods()).toEqual(['auth.test']);
  });

  it("accepts Slack's published worked example at its own time (clock injected) and answers it", async () => {
    const clock = new FakeClock(Number(SLACK_SIGNING_EXAMPLE.timestamp) * 1000 + 30_000);
    const { eventsUrl, invocations } = await startHttpMode(
      { signingSecret: SLACK_SIGNING_EXAMPLE.signingSecret },
      clock,
    );
    const response = await postToSlackEvents(eventsUrl, SLACK_SIGNING_EXAMPLE);
    expect(response.status).toBe(200);
    // The example is for /webhook-collect, not /ree: verified, read, and answered with a hint, run nowhere.
    expect(await response.json()).toMatchObject({
      response_type: 'ephemeral',
      text: expect.stringContaining('/webhook-collect is not one of its commands'),
    });
    expect(invocations).toEqual([]);

    const altered = await postToSlackEvents(eventsUrl, {
      ...SLACK_SIGNING_EXAMPLE,
      body: SLACK_SIGNING_EXAMPLE.body.replace('command=%2Fwebhook-collect', 'command=%2Free'),
    });
    expect(altered.status).toBe(401);
  });

  it("accepts a form body whose Content-Type carries a charset (Bolt's own receiver answers 400)", async () => {
    const { fake, eventsUrl, clock } = await startHttpMode();
    const post = signedForm(fake.slashCommand('help'), SECRET, clock.now());
    const response = await postToSlackEvents(eventsUrl, {
      ...post,
      contentType: 'application/x-www-form-urlencoded; charset=utf-8',
    });
    expect(response.status).toBe(200);
    await fake.waitFor(() => fake.responses[0], 'the reply');
  });

  it('refuses a body over 1 MiB with 413 before checking anything else', async () => {
    const { eventsUrl, clock, invocations } = await startHttpMode();
    const post = signedForm({ command: '/ree', text: 'x'.repeat(1024 * 1024) }, SECRET, clock.now());
    expect((await postToSlackEvents(eventsUrl, post)).status).toBe(413);
    expect(invocations).toEqual([]);
  });

  it('survives an expired response_url (Bolt 5 respond() throws on non-2xx) and keeps answering', async () => {
    const { logger, output } = capturingLogger([], 'info');
    const harness = await startSlackHarness({ logger });
    running.push(harness);
    const { fake, eventsUrl, clock, invocations } = harness;
    const expired = fake.slashCommand('help', { response_url: `${fake.url}/expired/T0FAKE/1` });
    expect((await postToSlackEvents(eventsUrl, signedForm(expired, SECRET, clock.now()))).status).toBe(200);
    await fake.waitFor(() => invocations.length === 1, 'the command to run');
    await postToSlackEvents(eventsUrl, signedForm(fake.slashCommand('help'), SECRET, clock.now()));
    const answer = await fake.waitFor(() => fake.responses[0], 'the reply to the second command');
    expect(answer.body.text).toBe('ree-watch commands');
    expect(fake.responses).toHaveLength(1);
    expect(output.text).toMatch(/"msg":"could not post the reply to response_url"/);
    expect(output.text).toContain('Failed to respond to the response_url: 404');
  });

  it('refuses workspaces outside SLACK_ALLOWED_TEAM_IDS without running the command', async () => {
    const { fake, eventsUrl, clock, invocations } = await startHttpMode({ allowedTeamIds: ['T0OTHER'] });
    const response = await postToSlackEvents(
      eventsUrl,
      signedForm(fake.slashCommand('help'), SECRET, clock.now()),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      response_type: 'ephemeral',
      text: 'ree-watch is not enabled for this Slack workspace.',
    });
    expect(invocations).toEqual([]);
    expect(fake.responses).toEqual([]);
  });

  it('answers the allowed workspace when SLACK_ALLOWED_TEAM_IDS lists it', async () => {
    const { fake, eventsUrl, clock } = await startHttpMode({ allowedTeamIds: ['T0OTHER', 'T0FAKE'] });
    await postToSlackEvents(eventsUrl, signedForm(fake.slashCommand('help'), SECRET, clock.now()));
    const answer = await fake.waitFor(() => fake.responses[0], 'the reply');
    expect(answer.body.text).toBe('ree-watch commands');
  });

  it('answers url_verification challenges and keeps /healthz-style routing for other paths', async () => {
    const { eventsUrl, clock } = await startHttpMode();
    const body = JSON.stringify({ type: 'url_verification', challenge: 'c-123', token: 'x' });
    const post = signedForm({}, SECRET, clock.now());
    const { signSlackRequest } = await import('../../../adapters/slack/signature.js');
    const response = await fetch(eventsUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-slack-request-timestamp': post.timestamp ?? '',
        'x-slack-signature': signSlackRequest(body, post.timestamp ?? '', SECRET),
      },
      body,
    });
    expect(await response.json()).toEqual({ challenge: 'c-123' });
    expect((await fetch(eventsUrl.replace('/slack/events', '/slack/other'), { method: 'POST' })).status).toBe(
      404,
    );
  });

  it('refuses to start with a readable line when Slack rejects the bot token', async () => {
    const fake = await TestSlackServer.start();
    fake.failAuth('invalid_auth');
    try {
      await expect(startSlackHarness({ fake })).rejects.toThrow(
        'SLACK_BOT_TOKEN: was refused by Slack (invalid_auth); copy it again from the Slack app settings (OAuth & Permissions → Bot User OAuth Token)',
      );
    } finally {
      await fake.close();
    }
  });
});

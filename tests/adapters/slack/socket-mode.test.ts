import { afterEach, describe, expect, it } from 'vitest';
import { type SlackHarness, startSlackHarness } from '../../helpers/slack-adapter-harness.js';
import { TestSlackServer } from '../../helpers/test-slack-server.js';

const running: SlackHarness[] = [];
afterEach(async () => {
  for (const harness of running.splice(0)) await harness.stop();
});

async function socketMode(allowedTeamIds: string[] = []): Promise<SlackHarness> {
  const harness = await startSlackHarness({ mode: 'socket', config: { allowedTeamIds } });
  running.push(harness);
  return harness;
}

describe('Slack adapter, Socket Mode (real Bolt and Socket Mode client against the fake)', () => {
  it('connects with the app token through apps.connections.open and needs no public endpoint', async () => {
    const { fake, eventsUrl } = await socketMode();
    expect(fake.methods()).toEqual(['auth.test', 'apps.connections.open']);
    expect(fake.calls[1]?.authorization).toBe('Bearer xapp-fake-app-token');
    expect(fake.socketConnections).toBe(1);
    // Nothing listens for HTTP requests from Slack in Socket Mode.
    expect((await fetch(eventsUrl, { method: 'POST', body: 'x' })).status).toBe(404);
  });

  it('acks a slash_commands envelope at once, then answers /ree help at response_url', async () => {
    const { fake, invocations } = await socketMode();
    const command = fake.slashCommand('help');
    const ack = await fake.sendSlashCommand(command);
    expect(ack).toEqual({ envelope_id: fake.envelopes[0], payload: {} });

    const answer = await fake.waitFor(() => fake.responses[0], 'the reply at response_url');
    expect(command.response_url).toContain(answer.id);
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', text: 'ree-watch commands' });
    expect(invocations).toEqual([
      expect.objectContaining({
        platform: 'slack',
        channelId: 'C0ALERTS',
        input: { text: 'help' },
        canManageChannel: true,
      }),
    ]);
  });

  it('refuses another workspace in the ack itself and runs nothing', async () => {
    const { fake, invocations } = await socketMode(['T0OTHER']);
    const ack = await fake.sendSlashCommand(fake.slashCommand('help'));
    expect(ack.payload).toEqual({
      response_type: 'ephemeral',
      text: 'ree-watch is not enabled for this Slack workspace.',
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(invocations).toEqual([]);
    expect(fake.responses).toEqual([]);
  });

  it('two replicas connected at once: each command reaches one of them and is answered once', async () => {
    // Slack delivers each envelope to one of an app's open connections (up to 10), never to all of
    // them (tests/fixtures/README.md cites where Slack says so): no dedup is needed across replicas.
    const first = await socketMode();
    const second = await startSlackHarness({ mode: 'socket', fake: first.fake });
    running.push(second);
    const { fake } = first;
    expect(fake.openSockets).toBe(2);
    for (const text of ['help', 'status', 'watchlists', 'help'])
      expect(await fake.sendSlashCommand(fake.slashCommand(text))).toMatchObject({ payload: {} });
    await fake.waitFor(() => fake.responses.length >= 4, 'four replies at response_url');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(fake.responses).toHaveLength(4);
    expect(new Set(fake.acks.map((ack) => ack.envelope_id)).size).toBe(4);
    // Both replicas answered some, none answered a command twice.
    expect([first.invocations.length, second.invocations.length]).toEqual([2, 2]);
  });

  it('closes the WebSocket on stop', async () => {
    const harness = await startSlackHarness({ mode: 'socket' });
    const { fake } = harness;
    expect(fake.openSockets).toBe(1);
    await harness.adapter.stop();
    await fake.waitFor(() => fake.openSockets === 0, 'the socket to close');
    await harness.stop();
  });

  it('refuses to start with a readable line when Slack rejects the app token', async () => {
    const fake = await TestSlackServer.start({ appToken: 'xapp-the-real-one' });
    try {
      await expect(startSlackHarness({ mode: 'socket', fake })).rejects.toThrow(
        'SLACK_APP_TOKEN: was refused by Slack (invalid_auth); copy it again from the Slack app settings (Basic Information → App-Level Tokens)',
      );
    } finally {
      await fake.close();
    }
  });
});

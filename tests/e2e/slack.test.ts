import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceProcess } from '../helpers/service-process.js';
import { postToSlackEvents, signedForm } from '../helpers/slack-requests.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { TestSlackServer } from '../helpers/test-slack-server.js';

const BOT_TOKEN = 'xoxb-e2e-bot-token-7f3a9c';
const APP_TOKEN = 'xapp-1-e2e-app-token-52be81';
const SIGNING_SECRET = 'e2e-signing-secret-a1b2c3d4e5f6';

const tempDir = useTempDir();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startService(
  mode: 'http' | 'socket',
): Promise<{ service: ServiceProcess; fake: TestSlackServer; port: number }> {
  const fake = await TestSlackServer.start({ botToken: BOT_TOKEN, appToken: APP_TOKEN });
  cleanups.push(() => fake.close());
  const service = ServiceProcess.spawn(['start'], {
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_PATH: join(tempDir(), 'ree.db'),
    // Everything Bolt, the Web API client and Socket Mode log, so the secret check below means something.
    LOG_LEVEL: 'trace',
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.apiUrl,
    ...(mode === 'socket' ? { SLACK_APP_TOKEN: APP_TOKEN } : {}),
  });
  cleanups.push(() => service.kill('SIGKILL'));
  await service.waitFor(
    mode === 'socket'
      ? /Slack connected over Socket Mode/
      : /Slack ready: slash commands on POST \/slack\/events/,
  );
  return { service, fake, port: await service.port() };
}

async function stopAndCheckLogs(service: ServiceProcess): Promise<void> {
  service.kill('SIGTERM');
  expect((await service.exited).code).toBe(0);
  const output = service.stdout + service.stderr;
  expect(output).toContain('"level":20'); // Bolt's debug lines were written
  for (const secret of [BOT_TOKEN, APP_TOKEN, SIGNING_SECRET]) {
    expect(output).not.toContain(secret);
    expect(output).not.toContain(secret.slice(-10));
  }
}

describe('ree-watch start with Slack (real process, fake Slack on loopback)', { timeout: 60_000 }, () => {
  it('HTTP mode: a signed /ree help posted to /slack/events is answered at response_url; forged requests get 401', async () => {
    const { service, fake, port } = await startService('http');
    expect(fake.methods()).toEqual(['auth.test']);
    const eventsUrl = `http://127.0.0.1:${port}/slack/events`;

    const forged = signedForm(fake.slashCommand('help'), 'not-the-signing-secret-123', Date.now());
    expect((await postToSlackEvents(eventsUrl, forged)).status).toBe(401);

    const response = await postToSlackEvents(
      eventsUrl,
      signedForm(fake.slashCommand('help'), SIGNING_SECRET, Date.now()),
    );
    expect(response.status).toBe(200);
    const answer = await fake.waitFor(() => fake.responses[0], 'the reply at response_url');
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', text: 'ree-watch commands' });
    expect(JSON.stringify(answer.body.blocks)).toContain('/ree help [command]');
    expect(fake.responses).toHaveLength(1);

    // The service's other routes are untouched.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    await stopAndCheckLogs(service);
  });

  it('Socket Mode: a slash_commands envelope is acked and answered at response_url, no public URL involved', async () => {
    const { service, fake, port } = await startService('socket');
    expect(fake.methods()).toEqual(['auth.test', 'apps.connections.open']);
    expect((await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST' })).status).toBe(404);

    const ack = await fake.sendSlashCommand(fake.slashCommand('help'));
    expect(ack).toEqual({ envelope_id: fake.envelopes[0], payload: {} });
    const answer = await fake.waitFor(() => fake.responses[0], 'the reply at response_url');
    expect(answer.body).toMatchObject({ response_type: 'ephemeral', text: 'ree-watch commands' });

    await stopAndCheckLogs(service);
    await fake.waitFor(() => fake.openSockets === 0, 'the Socket Mode connection to close');
  });

  it('exits 2 with one readable line when Slack rejects the bot token', async () => {
    const fake = await TestSlackServer.start({ botToken: 'xoxb-some-other-token' });
    cleanups.push(() => fake.close());
    const service = ServiceProcess.spawn(['start'], {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_PATH: join(tempDir(), 'ree.db'),
      SLACK_BOT_TOKEN: BOT_TOKEN,
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.apiUrl,
    });
    cleanups.push(() => service.kill('SIGKILL'));
    expect((await service.exited).code).toBe(2);
    expect(service.stderr).toContain(
      'SLACK_BOT_TOKEN: was refused by Slack (invalid_auth); copy it again from the Slack app settings (OAuth & Permissions → Bot User OAuth Token)',
    );
    expect(service.stderr).not.toContain(BOT_TOKEN);
  });
});

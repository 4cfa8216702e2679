import { afterEach, describe, expect, it } from 'vitest';
import { capturingLogger } from '../../helpers/capture.js';
import {
  type SlackHarness,
  startSlackHarness,
  TEST_APP_TOKEN,
  TEST_BOT_TOKEN,
  TEST_SIGNING_SECRET,
} from '../../helpers/slack-adapter-harness.js';
import { postToSlackEvents, signedForm } from '../../helpers/slack-requests.js';
import { TestSlackServer } from '../../helpers/test-slack-server.js';

const SECRETS = [TEST_BOT_TOKEN, TEST_SIGNING_SECRET, TEST_APP_TOKEN];

/**
 * A trace-level logger WITHOUT the service's secret scrubber: passing here means the adapter, Bolt,
 * the Web API client and Socket Mode never hand a secret to the logger at all. (src/logger.ts scrubs
 * every configured secret on top; the real-process test checks the service's own output.)
 */
const unscrubbedTraceLogger = () => capturingLogger([], 'trace');

const running: SlackHarness[] = [];
afterEach(async () => {
  for (const harness of running.splice(0)) await harness.stop();
});

function expectNoSecret(log: string): void {
  for (const secret of SECRETS) {
    expect(log).not.toContain(secret);
    expect(log).not.toContain(encodeURIComponent(secret));
    // A secret cut up by a line break or escaping would still be a leak; its distinctive tail must not appear either.
    expect(log).not.toContain(secret.slice(-12));
  }
}

describe('secrets never reach a log line, even at trace level', () => {
  it('HTTP mode: start-up, commands, forged requests and every delivery failure', async () => {
    const { logger, output } = unscrubbedTraceLogger();
    const harness = await startSlackHarness({ logger, apiTimeoutMs: 1500 });
    running.push(harness);
    const { fake, adapter, eventsUrl, clock } = harness;

    await postToSlackEvents(
      eventsUrl,
      signedForm(fake.slashCommand('help'), TEST_SIGNING_SECRET, clock.now()),
    );
    await fake.waitFor(() => fake.responses[0], 'the reply');
    const forged = signedForm(fake.slashCommand('help'), 'not-the-secret-0123456789', clock.now());
    expect((await postToSlackEvents(eventsUrl, forged)).status).toBe(401);

    fake.answerNextPosts(
      { rateLimited: { retryAfterSeconds: 3 } },
      { status: 500 },
      { error: 'invalid_auth' },
      { error: 'channel_not_found' },
      { hang: true },
    );
    const message = { text: 'x', blocks: [] };
    for (let attempt = 0; attempt < 6; attempt++) await adapter.send('C0ALERTS', message);
    await fake.close();
    await adapter.send('C0ALERTS', message);

    const log = output.text;
    // The log really contains Bolt's and the Web API client's debug output and our error lines.
    expect(log).toContain("apiCall('chat.postMessage') start");
    expect(log).toContain('http request headers');
    expect(log).toContain('not signed by Slack');
    expectNoSecret(log);
  });

  it('Socket Mode: connecting, an envelope with its ack, and stopping', async () => {
    const { logger, output } = unscrubbedTraceLogger();
    const harness = await startSlackHarness({ mode: 'socket', logger });
    running.push(harness);
    await harness.fake.sendSlashCommand(harness.fake.slashCommand('help'));
    await harness.fake.waitFor(() => harness.fake.responses[0], 'the reply');
    await harness.adapter.stop();

    const log = output.text;
    expect(log).toContain('Received a message on the WebSocket');
    expect(log).toContain('apps.connections.open');
    // Payload fields that grant access (legacy token, response_url) are masked in Bolt's debug lines.
    expect(log).not.toContain('legacy-verification-token');
    expect(log).not.toContain('/commands/T0FAKE/');
    expectNoSecret(log);
  });

  it('start-up failures with a rejected bot token or app token', async () => {
    const { logger, output } = unscrubbedTraceLogger();
    const fake = await TestSlackServer.start({ appToken: 'xapp-another-app-token' });
    try {
      await expect(startSlackHarness({ mode: 'socket', fake, logger })).rejects.toThrow(/SLACK_APP_TOKEN/);
      fake.failAuth('invalid_auth');
      await expect(startSlackHarness({ fake, logger })).rejects.toThrow(/SLACK_BOT_TOKEN/);
    } finally {
      await fake.close();
    }
    expect(output.text).toContain('auth.test');
    expectNoSecret(output.text);
  });
});

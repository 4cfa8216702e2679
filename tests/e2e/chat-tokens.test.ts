import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceProcess } from '../helpers/service-process.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { IDS, TestDiscordServer } from '../helpers/test-discord-server.js';
import { TestSlackServer } from '../helpers/test-slack-server.js';

const tempDir = useTempDir();
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const SLACK = {
  SLACK_BOT_TOKEN: 'xoxb-chat-tokens-test-1a2b3c',
  SLACK_SIGNING_SECRET: 'chat-tokens-signing-secret-0001',
};

/** A loopback server that accepts connections and never answers: a chat service that hangs. */
async function silentServer(): Promise<string> {
  const sockets = new Set<Socket>();
  const server: Server = createServer(() => {});
  server.on('connection', (socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function start(env: Record<string, string>): ServiceProcess {
  const service = ServiceProcess.spawn(['start'], {
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_PATH: join(tempDir(), 'ree.db'),
    ...env,
  });
  cleanups.push(() => void service.kill('SIGKILL'));
  return service;
}

async function chatState(service: ServiceProcess): Promise<{ status: string; chat: unknown[] }> {
  const response = await fetch(`http://127.0.0.1:${await service.port()}/healthz`);
  expect(response.status).toBe(200);
  return (await response.json()) as { status: string; chat: unknown[] };
}

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 20_000;
  let value = await read();
  while (!ok(value) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    value = await read();
  }
  return value;
}

const platforms = {
  slack: (apiUrl: string) => ({ ...SLACK, SLACK_API_URL: `${apiUrl}/api/` }),
  discord: (apiUrl: string) => ({
    DISCORD_TOKEN: 'fake-bot-token.MTEwMDAwMDAwMDAwMDAwMDAwMQ.chattokens',
    DISCORD_APPLICATION_ID: IDS.application,
    DISCORD_API_URL: `${apiUrl}/api`,
  }),
};

describe.each(['slack', 'discord'] as const)(
  '%s: the chat service out of reach or refusing the token',
  (platform) => {
    it('serves /healthz at once while the platform does not answer, and says it is still connecting', {
      timeout: 60_000,
    }, async () => {
      const service = start(platforms[platform](await silentServer()));
      const health = await chatState(service);
      expect(health.chat).toEqual([expect.objectContaining({ platform, state: 'connecting' })]);
      expect(health.status).toBe('degraded');
    });

    it('keeps running when the platform cannot be reached, reports it on /healthz, and stops cleanly', {
      timeout: 60_000,
    }, async () => {
      // Nothing listens on port 9: every connection is refused.
      const service = start(platforms[platform]('http://127.0.0.1:9'));
      const health = await eventually(
        () => chatState(service),
        (value) => JSON.stringify(value.chat).includes('unreachable'),
      );
      expect(health.chat).toEqual([
        expect.objectContaining({ platform, state: 'unreachable', detail: expect.stringMatching(/reach/) }),
      ]);
      service.kill('SIGTERM');
      expect((await service.exited).code).toBe(0);
    });
  },
);

describe('a refused token is one line and exit 2 on either platform', () => {
  it('Slack', { timeout: 60_000 }, async () => {
    const fake = await TestSlackServer.start({ botToken: 'xoxb-some-other-token' });
    cleanups.push(() => fake.close());
    const service = start({ ...SLACK, SLACK_API_URL: fake.apiUrl });
    expect((await service.exited).code).toBe(2);
    expect(service.stderr).toMatch(
      /^SLACK_BOT_TOKEN: was refused by Slack \(invalid_auth\); copy it again from the Slack app settings/m,
    );
    expect(service.stderr).not.toContain(SLACK.SLACK_BOT_TOKEN);
  });

  it('Discord', { timeout: 60_000 }, async () => {
    const fake = await TestDiscordServer.start();
    cleanups.push(() => fake.close());
    const service = start({
      ...platforms.discord(''),
      DISCORD_TOKEN: 'wrong-token-0123456789abcdefghij',
      DISCORD_API_URL: fake.apiUrl,
    });
    expect((await service.exited).code).toBe(2);
    expect(service.stderr).toMatch(/^DISCORD_TOKEN: was rejected by Discord \(401 Unauthorized\)/m);
  });
});

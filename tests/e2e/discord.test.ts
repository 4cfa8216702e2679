import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeDiscordServer, IDS, PERMISSIONS } from '../helpers/fake-discord-server.js';
import { ServiceProcess } from '../helpers/service-process.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const running: ServiceProcess[] = [];
const fakes: FakeDiscordServer[] = [];
afterEach(async () => {
  for (const service of running.splice(0)) service.kill('SIGKILL');
  for (const fake of fakes.splice(0)) await fake.close();
});

async function startService(tokenOverride?: string) {
  const fake = await FakeDiscordServer.start();
  fakes.push(fake);
  const service = ServiceProcess.spawn(['start'], {
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_PATH: join(tempDir(), 'ree.db'),
    // Everything the process can log, so a leaked token would show.
    LOG_LEVEL: 'trace',
    DISCORD_TOKEN: tokenOverride ?? fake.token,
    DISCORD_APPLICATION_ID: IDS.application,
    DISCORD_API_URL: fake.apiUrl,
  });
  running.push(service);
  return { fake, service };
}

// Spawning the service and loading discord.js takes seconds on a busy two-core machine.
describe('ree-watch start with Discord (real process, fake Discord)', () => {
  it('connects to the gateway, answers /ree help, reports the gateway on /metrics and never logs the token', async () => {
    const { fake, service } = await startService();
    await service.waitFor(/"msg":"Discord gateway connected"/, 'stderr', 45_000);
    const port = await service.port();
    expect(fake.gatewayFrames.find((frame) => frame.op === 2)?.d).toMatchObject({ intents: 1 });

    const { id } = fake.sendInteraction({ subcommand: 'help', permissions: PERMISSIONS.member });
    const callback = await fake.waitForRequest((request) => request.path.startsWith(`/interactions/${id}/`));
    expect(callback.body).toMatchObject({
      type: 4,
      data: { flags: 64, allowed_mentions: { parse: [] }, embeds: [{ title: 'ree-watch commands' }] },
    });

    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/^ree_discord_gateway_connected 1$/m);
    expect(metrics).toMatch(/^ree_commands_total\{platform="discord",command="help"\} 1$/m);

    service.kill('SIGTERM');
    expect((await service.exited).code).toBe(0);
    expect(service.stderr).toContain('"msg":"Discord gateway closed"');
    expect(service.stdout + service.stderr).not.toContain(fake.token);
  }, 60_000);

  it('refuses to start when Discord rejects the token: one line naming DISCORD_TOKEN, exit 2, token not shown', async () => {
    const wrong = 'wrong-token-0123456789abcdefghijklmnop';
    const { service } = await startService(wrong);
    const exit = await service.exited;
    expect(exit.code).toBe(2);
    expect(service.stderr).toMatch(/^DISCORD_TOKEN: was rejected by Discord \(401 Unauthorized\)/m);
    expect(service.stdout + service.stderr).not.toContain(wrong);
  }, 60_000);
});

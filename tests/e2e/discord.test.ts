import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  magnetMonthsEndingInADrop,
  sourceUrlsAt,
  startComtradeFixture,
} from '../helpers/comtrade-fixture.js';
import type { FixtureServer } from '../helpers/fixture-server.js';
import { ServiceProcess } from '../helpers/service-process.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { IDS, PERMISSIONS, TestDiscordServer } from '../helpers/test-discord-server.js';

const tempDir = useTempDir();
const running: ServiceProcess[] = [];
const fakes: (TestDiscordServer | FixtureServer)[] = [];
afterEach(async () => {
  for (const service of running.splice(0)) service.kill('SIGKILL');
  for (const fake of fakes.splice(0)) await fake.close();
});

async function startService(tokenOverride?: string) {
  const fake = await TestDiscordServer.start();
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
describe('ree-watch start with Discord (real process, fake Discord)', { timeout: 60_000 }, () => {
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
    expect(metrics).toMatch(/^ree_discord_gateway_connected\{replica="[\w.:-]+"\} 1$/m);
    expect(metrics).toMatch(
      /^ree_commands_total\{platform="discord",command="help",replica="[\w.:-]+"\} 1$/m,
    );

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

  it('/ree subscribe from a moderator, then ree-watch poll crossing a threshold: one alert message with the numbers', async () => {
    const fake = await TestDiscordServer.start();
    fakes.push(fake);
    const comtrade = await startComtradeFixture(magnetMonthsEndingInADrop(Date.now()));
    fakes.push(comtrade);
    const env = {
      DATABASE_PATH: join(tempDir(), 'ree.db'),
      WATCHLISTS_FILE: resolve('config/watchlists.yaml'),
      DISCORD_TOKEN: fake.token,
      DISCORD_APPLICATION_ID: IDS.application,
      DISCORD_API_URL: fake.apiUrl,
      ...sourceUrlsAt(comtrade),
    };
    const service = ServiceProcess.spawn(['start'], { ...env, PORT: '0', HOST: '127.0.0.1' });
    running.push(service);
    await service.waitFor(/"msg":"Discord gateway connected"/, 'stderr', 45_000);

    const { id } = fake.sendInteraction({
      subcommand: 'subscribe',
      options: { watchlists: 'china-india-magnets' },
      permissions: PERMISSIONS.moderator,
    });
    const callback = await fake.waitForRequest((request) => request.path.startsWith(`/interactions/${id}/`));
    expect(callback.body).toMatchObject({
      data: { embeds: [{ title: 'This channel now follows china-india-magnets' }] },
    });

    // A second process on the same database, as cron or an operator would run it; it sends over REST only.
    const poll = ServiceProcess.spawn(['poll', '--source', 'comtrade'], env);
    running.push(poll);
    expect((await poll.exited).code, poll.stderr).toBe(0);

    // Whichever process sends (the poll, or the service sharing its database), each message goes once.
    await fake.waitForRequest((request) => request.files.length > 0, 40_000);
    const posts = fake.requestsTo('POST', /^\/channels\/\d+\/messages$/);
    const alerts = posts.filter((post) => post.files.length === 0);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.path).toBe(`/channels/${IDS.channel}/messages`);
    expect(JSON.stringify(alerts[0]?.body)).toMatch(
      /China → India rare-earth magnet exports fell to \$5\.46 M in \w+ \d{4}, -60% on [\w ]+'s \$13\.6 M/,
    );
    // Its chart follows as a message of its own with the PNG attached (sent by a process whose sources
    // loaded undici 7 before discord.js: the multipart upload must still work).
    expect(posts.filter((post) => post.files.length > 0).map((post) => post.files)).toEqual([
      [{ name: 'china-india-magnets-24m.png', size: expect.any(Number) }],
    ]);
    // Sending needs no gateway: the poll process never opened a second session.
    expect(fake.gatewayFrames.filter((frame) => frame.op === 2)).toHaveLength(1);
  }, 90_000);
});

import { afterAll, describe, expect, it } from 'vitest';
import { type PostgresServer, startPostgres } from '../helpers/postgres-server.js';
import { FAKE_SECRETS, recordFigures, sleep, useProcesses, waitUntil } from './helpers/chaos.js';
import { FakeDiscordServer, IDS, PERMISSIONS } from './helpers/fakes.js';

/** Interactions sent while the first holder has the gateway, and again after the takeover. */
const INTERACTIONS = 5;
/** The bound: another replica connects within 30 s of the holder's death. */
const TAKEOVER_LIMIT_MS = 30_000;
/** How long an answered interaction is watched for a second answer. */
const SETTLE_MS = 1_500;
/** A gateway session is up well within this on loopback (the holder's takes ~0.1 s). */
const STANDBY_GRACE_MS = 2_000;

const processes = useProcesses('gateway-takeover');
const closers: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const close of closers.reverse()) await close();
});

/** What a replica's /healthz says it holds (the body is there whatever the status). */
async function holdsGateway(port: number): Promise<boolean> {
  const body = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as {
    replica?: { holds?: { gateway?: boolean } };
  };
  return body.replica?.holds?.gateway === true;
}

const identifies = (discord: FakeDiscordServer) =>
  discord.gatewayFrames.filter((frame) => frame.op === 2).length;

/** How many times the interaction `id` was answered (its callback POSTed). */
const answers = (discord: FakeDiscordServer, id: string) =>
  discord.requestsTo('POST', new RegExp(`^/interactions/${id}/[^/]+/callback$`)).length;

/** Sends `/ree help` `count` times; resolves with their ids once each has an answer, after a settle. */
async function ask(discord: FakeDiscordServer, count: number): Promise<string[]> {
  const ids = Array.from(
    { length: count },
    () => discord.sendInteraction({ subcommand: 'help', permissions: PERMISSIONS.member }).id,
  );
  await waitUntil(
    () => ids.every((id) => answers(discord, id) > 0),
    `answers to ${count} interactions`,
    20_000,
  );
  // A second session, or a retry, would answer again within moments.
  await sleep(SETTLE_MS);
  return ids;
}

describe('Discord gateway mode, two replicas on one PostgreSQL (real processes, fake Discord)', () => {
  it('SIGKILL the gateway lock holder: the other connects within 30 s, every interaction answered once', async () => {
    const server: PostgresServer = await startPostgres();
    closers.push(() => server.stop());
    const url = await server.createDatabase('chaos_gateway_takeover');
    // The fake sends each dispatch to every open session, as Discord does: two sessions would answer twice.
    const discord = await FakeDiscordServer.start(FAKE_SECRETS.DISCORD_TOKEN);
    closers.push(() => discord.close());
    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_URL: url,
      // Yearly: no poll of its own during the run.
      POLL_CRON: '0 0 1 1 *',
      NOTICE_POLL_CRON: '0 0 1 1 *',
      DISCORD_TOKEN: FAKE_SECRETS.DISCORD_TOKEN,
      DISCORD_APPLICATION_ID: IDS.application,
      DISCORD_API_URL: discord.apiUrl,
    };
    const replicas = ['replica-a', 'replica-b'].map((id) => ({
      id,
      process: processes.spawn(id, ['start'], { ...env, REPLICA_ID: id }),
    }));
    const ports = await Promise.all(replicas.map((replica) => replica.process.port()));
    await waitUntil(
      () => replicas.some((replica) => replica.process.stderr.includes('"msg":"Discord gateway connected"')),
      'a gateway session',
      45_000,
    );
    const holders = await waitUntil(
      async () => {
        const held = await Promise.all(ports.map(holdsGateway));
        return held.filter(Boolean).length === 1 ? held : undefined;
      },
      'one replica to say on /healthz that it holds the gateway lock',
      10_000,
    );
    const holder = holders.indexOf(true);
    const survivor = 1 - holder;
    const [killed, other] = [replicas[holder], replicas[survivor]];
    if (!killed || !other) throw new Error('expected two replicas');
    await other.process.waitFor(/another replica holds the discord-gateway lock/, 'stderr', 15_000);
    // Time for a standby that connected anyway to identify: it would then answer every interaction too.
    await sleep(STANDBY_GRACE_MS);

    const before = await ask(discord, INTERACTIONS);
    // Counted once the standby has started and the first answers are in: a second session would show.
    const sessionsBefore = identifies(discord);

    killed.process.kill('SIGKILL');
    const diedAt = Date.now();
    expect((await killed.process.exited).signal).toBe('SIGKILL');
    await waitUntil(() => identifies(discord) > sessionsBefore, 'the survivor to identify', 45_000, 20);
    const takeoverMs = Date.now() - diedAt;
    await other.process.waitFor(/"msg":"Discord gateway connected"/, 'stderr', 15_000);
    const survivorHolds = await holdsGateway(ports[survivor] ?? 0);

    const after = await ask(discord, INTERACTIONS);
    other.process.kill('SIGTERM');
    const exit = await other.process.exited;

    const sent = [...before, ...after];
    const counts = sent.map((id) => answers(discord, id));
    const answered = counts.filter((n) => n > 0).length;
    const twice = counts.filter((n) => n > 1).length;
    const callbacks = discord.requestsTo('POST', /^\/interactions\/\d+\/[^/]+\/callback$/).length;
    const fault = 'SIGKILL the Discord gateway lock holder (2 replicas)';

    recordFigures('gateway-takeover', [
      {
        fault,
        measure: 'gateway sessions before the kill / time until the other replica identifies',
        result: `${sessionsBefore} (${killed.id}) / ${(takeoverMs / 1_000).toFixed(1)} s (${other.id})`,
        expected: '1 / ≤ 30 s',
        ok: sessionsBefore === 1 && takeoverMs <= TAKEOVER_LIMIT_MS && survivorHolds,
      },
      {
        fault,
        measure: 'interactions sent / answered / answered twice (before + after the kill)',
        result: `${sent.length} / ${answered} / ${twice} (${before.length} + ${after.length})`,
        expected: `${sent.length} / ${sent.length} / 0`,
        ok: answered === sent.length && twice === 0 && callbacks === sent.length,
      },
    ]);

    expect(sessionsBefore).toBe(1);
    expect(takeoverMs).toBeLessThanOrEqual(TAKEOVER_LIMIT_MS);
    expect(survivorHolds).toBe(true);
    expect(counts).toEqual(sent.map(() => 1));
    expect(callbacks).toBe(sent.length);
    expect(identifies(discord)).toBe(2);
    expect(exit.code).toBe(0);
  }, 120_000);
});

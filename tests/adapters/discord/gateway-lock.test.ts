import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DiscordAdapter } from '../../../adapters/discord/discord-adapter.js';
import { loadConfig } from '../../../src/config.js';
import { silentLogger } from '../../../src/logger.js';
import { Metrics } from '../../../src/metrics.js';
import { reply } from '../../../src/render/reply.js';
import { GATEWAY_LOCK, HeldLocks } from '../../../src/replica.js';
import { openTestStorage, type TestStorage } from '../../helpers/storage.js';
import { useTempDir } from '../../helpers/temp-dir.js';
import { IDS, TestDiscordServer } from '../../helpers/test-discord-server.js';

const tempDir = useTempDir();
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
});

/** One replica's Discord adapter in gateway mode, taking the gateway lock on a shared database. */
async function replica(fake: TestDiscordServer, path: string) {
  // Short leases so a dead holder's lock runs out within the test; the service uses 15 s.
  const storage: TestStorage = await openTestStorage({ path, locks: { leaseMs: 1_500, renewMs: 300 } });
  const config = loadConfig({
    DISCORD_TOKEN: fake.token,
    DISCORD_APPLICATION_ID: IDS.application,
    DISCORD_API_URL: fake.apiUrl,
  }).discord;
  if (!config) throw new Error('Discord not configured');
  const locks = new HeldLocks();
  const metrics = new Metrics({ processMetrics: false });
  const adapter = new DiscordAdapter({
    config,
    logger: silentLogger(),
    metrics,
    onCommand: async () => reply('ok', []),
    definition: () => undefined,
    watchlists: [],
    gatewayLock: (fn) => storage.withLock(GATEWAY_LOCK, fn),
    heldLocks: locks,
  });
  cleanups.push(
    () => adapter.stop(),
    () => storage.close(),
  );
  /** Resolves once this replica's gateway session is ready (READY received), or fails after `ms`. */
  const connected = async (ms: number) => {
    const deadline = Date.now() + ms;
    while ((await metrics.gatewayConnected.get()).values[0]?.value !== 1) {
      if (Date.now() > deadline) throw new Error('the gateway did not connect in time');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { adapter, storage, locks, connected };
}

const identifies = (fake: TestDiscordServer) => fake.gatewayFrames.filter((frame) => frame.op === 2).length;

describe('Discord gateway mode with several replicas', () => {
  it('connects only the replica holding the gateway lock, and another takes over when it dies', {
    timeout: 40_000,
  }, async () => {
    const fake = await TestDiscordServer.start();
    cleanups.push(() => fake.close());
    const path = join(tempDir(), 'shared.db');
    const a = await replica(fake, path);
    const b = await replica(fake, path);

    await a.adapter.start();
    await a.connected(20_000);
    await b.adapter.start();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    // One gateway session: two would each receive, and answer, every interaction.
    expect(identifies(fake)).toBe(1);
    expect(a.locks.list()).toEqual([GATEWAY_LOCK]);
    expect(b.locks.list()).toEqual([]);

    // Replica A dies: its database connection goes first (no more lease renewals, no release), then its socket.
    const diedAt = Date.now();
    await a.storage.close();
    await a.adapter.stop();
    await b.connected(30_000);
    expect(Date.now() - diedAt).toBeLessThan(30_000);
    expect(b.locks.list()).toEqual([GATEWAY_LOCK]);
    expect(identifies(fake)).toBe(2);
  });
});

import { afterEach } from 'vitest';
import { type Env, loadConfig } from '../../src/config.js';
import { silentLogger } from '../../src/logger.js';
import { Metrics } from '../../src/metrics.js';
import { type IngestDeps, type IngestOptions, ingest } from '../../src/pipeline/ingest.js';
import { parseWatchlists } from '../../src/watchlists/load.js';
import { FakeClock } from './fake-clock.js';
import { FixtureServer } from './fixture-server.js';
import { TEST_LIMITS } from './http-client.js';
import { openTestStorage, type TestStorage } from './storage.js';

/** Every source base URL pointed at one loopback fixture server. */
export function sourceEnv(server: FixtureServer, extra: Env = {}): Env {
  return {
    DATABASE_PATH: ':memory:',
    COMTRADE_API_URL: server.url,
    CENSUS_API_URL: server.url,
    FEDERAL_REGISTER_API_URL: server.url,
    MOFCOM_URL: server.url,
    MOFCOM_EN_URL: `${server.url}/en`,
    DGFT_URL: server.url,
    ALLOW_PRIVATE_URLS: 'true',
    ...extra,
  };
}

export interface Harness {
  server: FixtureServer;
  clock: FakeClock;
  storage: TestStorage;
  deps: IngestDeps;
  poll(options?: IngestOptions): ReturnType<typeof ingest>;
  /** Rows in a table, for "nothing was written" assertions. */
  count(table: string): Promise<number>;
  /** Every row of a table, for "stored data untouched" assertions. */
  rows(table: string): Promise<unknown[]>;
}

/**
 * Real ingest over an in-memory database, a fake clock (retries and budgets never wait) and a
 * loopback fixture server, with the watchlists given as YAML.
 */
export function useIngestHarness(): (
  yaml: string | ((serverUrl: string) => string),
  env?: Env,
) => Promise<Harness> {
  const servers: FixtureServer[] = [];
  afterEach(async () => {
    for (const server of servers.splice(0)) await server.close();
  });
  return async (yaml, env = {}) => {
    const server = await FixtureServer.start();
    servers.push(server);
    const config = loadConfig(sourceEnv(server, env));
    const clock = new FakeClock();
    const storage = await openTestStorage({ clock });
    const deps: IngestDeps = {
      config,
      clock,
      sleep: clock.sleep,
      logger: silentLogger(),
      metrics: new Metrics({ processMetrics: false }),
      watchlists: parseWatchlists(typeof yaml === 'string' ? yaml : yaml(server.url)),
      storage,
      httpLimits: TEST_LIMITS,
    };
    return {
      server,
      clock,
      storage,
      deps,
      poll: (options = {}) => ingest(deps, options),
      count: async (table) =>
        Number((await storage.sql.get<{ n: number }>(`SELECT COUNT(*) AS n FROM ${table}`))?.n),
      rows: (table) => storage.sql.all(`SELECT * FROM ${table}`),
    };
  };
}

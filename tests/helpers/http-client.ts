import { afterEach } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { HttpClient, type HttpLimits } from '../../src/sources/http.js';
import type { HostBudget } from '../../src/sources/http-budget.js';
import { FakeClock } from './fake-clock.js';
import { FixtureServer } from './fixture-server.js';
import { openTestStorage, type TestStorage } from './storage.js';

/** Fast limits for tests: short timeouts; retries still happen, but their waits go through a fake clock. */
export const TEST_LIMITS: Partial<HttpLimits> = {
  connectTimeoutMs: 2_000,
  headersTimeoutMs: 2_000,
  bodyTimeoutMs: 2_000,
  totalTimeoutMs: 10_000,
};

/** Fixture servers and HTTP clients made by a test file, closed after each test. */
export function useHttpFixtures() {
  const servers: FixtureServer[] = [];
  const clients: HttpClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
    for (const server of servers.splice(0)) await server.close();
  });
  return {
    async server(): Promise<FixtureServer> {
      const server = await FixtureServer.start();
      servers.push(server);
      return server;
    },
    async client(
      options: {
        storage?: TestStorage;
        clock?: FakeClock;
        limits?: Partial<HttpLimits>;
        budgets?: Record<string, HostBudget>;
        allowPrivateUrls?: boolean;
      } = {},
    ): Promise<{ http: HttpClient; clock: FakeClock; storage: TestStorage }> {
      const clock = options.clock ?? new FakeClock();
      const storage = options.storage ?? (await openTestStorage({ clock }));
      const http = new HttpClient({
        clock,
        sleep: clock.sleep,
        logger: silentLogger(),
        cache: storage.httpCache,
        requestLog: storage.httpRequests,
        allowPrivateUrls: options.allowPrivateUrls ?? true,
        limits: { ...TEST_LIMITS, ...options.limits },
        budgets: options.budgets,
      });
      clients.push(http);
      return { http, clock, storage };
    },
  };
}

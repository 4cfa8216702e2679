import { SlackAdapter } from '../../adapters/slack/slack-adapter.js';
import type { CommandServices } from '../../src/commands/command.js';
import { createCommandRegistry } from '../../src/commands/index.js';
import type { SlackConfig } from '../../src/config.js';
import { HttpServer } from '../../src/http/server.js';
import { type Logger, silentLogger } from '../../src/logger.js';
import type { CommandInvocation } from '../../src/model/chat.js';
import { FakeClock } from './fake-clock.js';
import { testServices } from './services.js';
import { TestSlackServer } from './test-slack-server.js';

export const TEST_SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';
export const TEST_BOT_TOKEN = 'xoxb-fake-bot-token';
export const TEST_APP_TOKEN = 'xapp-fake-app-token';

export interface SlackHarness {
  fake: TestSlackServer;
  adapter: SlackAdapter;
  http: HttpServer;
  eventsUrl: string;
  clock: FakeClock;
  invocations: CommandInvocation[];
  stop(): Promise<void>;
}

export interface HarnessOptions {
  mode?: 'http' | 'socket';
  config?: Partial<SlackConfig>;
  clock?: FakeClock;
  logger?: Logger;
  apiTimeoutMs?: number;
  /** Reuse a running fake (e.g. to test start-up failures it was told to produce). */
  fake?: TestSlackServer;
  /** Leave start() to the test. */
  start?: boolean;
  /** What commands read and change (default: empty watchlists over an in-memory database). */
  services?: CommandServices;
}

/**
 * A real SlackAdapter (real Bolt, real Web API client) wired to the real command registry and the
 * fake Slack, with the service's HttpServer on a free loopback port.
 */
export async function startSlackHarness(options: HarnessOptions = {}): Promise<SlackHarness> {
  const fake = options.fake ?? (await TestSlackServer.start());
  const clock = options.clock ?? new FakeClock(Date.now());
  const http = new HttpServer(silentLogger());
  const registry = createCommandRegistry();
  const services = options.services ?? (await testServices());
  const invocations: CommandInvocation[] = [];
  const adapter = new SlackAdapter({
    config: {
      botToken: TEST_BOT_TOKEN,
      signingSecret: TEST_SIGNING_SECRET,
      appToken: options.mode === 'socket' ? TEST_APP_TOKEN : undefined,
      apiUrl: fake.apiUrl,
      allowedTeamIds: [],
      ...options.config,
    },
    logger: options.logger ?? silentLogger(),
    clock,
    commands: { http },
    ...(options.apiTimeoutMs ? { apiTimeoutMs: options.apiTimeoutMs } : {}),
    onCommand: async (invocation) => {
      invocations.push(invocation);
      return registry.dispatch(invocation, services);
    },
  });
  const port = await http.listen(0, '127.0.0.1');
  http.ready();
  const stop = async () => {
    await adapter.stop();
    await http.close();
    if (!options.fake) await fake.close();
  };
  if (options.start ?? true) {
    try {
      await adapter.start();
    } catch (error) {
      await stop();
      throw error;
    }
  }
  return {
    fake,
    adapter,
    http,
    eventsUrl: `http://127.0.0.1:${port}/slack/events`,
    clock,
    invocations,
    stop,
  };
}

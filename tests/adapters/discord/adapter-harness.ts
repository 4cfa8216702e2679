import { DiscordAdapter, type DiscordAdapterOptions } from '../../../adapters/discord/discord-adapter.js';
import { App } from '../../../src/app.js';
import type { CommandDefinition } from '../../../src/commands/command.js';
import { loadConfig } from '../../../src/config.js';
import type { Logger } from '../../../src/logger.js';
import { Metrics } from '../../../src/metrics.js';
import { reply } from '../../../src/render/reply.js';
import { capturingLogger } from '../../helpers/capture.js';
import { openTestStorage } from '../../helpers/storage.js';
import { IDS, TestDiscordServer } from '../../helpers/test-discord-server.js';

/**
 * A real DiscordAdapter (real discord.js client) wired to a real App's command registry and an
 * in-memory database, talking to a loopback fake Discord. The logger is NOT told the token, so a
 * token in the log output would show up rather than be scrubbed.
 */
export async function startDiscordHarness(
  options: Partial<DiscordAdapterOptions> = {},
  env: Record<string, string> = {},
) {
  const fake = await TestDiscordServer.start();
  const { logger, output } = capturingLogger([], 'trace');
  const config = loadConfig({
    DATABASE_PATH: ':memory:',
    DISCORD_TOKEN: fake.token,
    DISCORD_APPLICATION_ID: IDS.application,
    DISCORD_API_URL: fake.apiUrl,
    ...env,
  });
  const metrics = new Metrics({ processMetrics: false });
  const storage = await openTestStorage();
  const app = await App.open({ config, logger: logger as Logger, metrics, storage });
  const discord = config.discord;
  if (!discord) throw new Error('Discord not configured');
  const adapter = new DiscordAdapter({
    config: discord,
    logger,
    metrics,
    onCommand: app.handleCommand,
    definition: (name) => app.registry.get(name),
    watchlists: app.watchlists,
    ...options,
  });
  return {
    fake,
    app,
    /** The app's database, for checking what was written. */
    storage,
    adapter,
    metrics,
    logs: output,
    /** Resolves once a log line matches; fails after `timeoutMs`. */
    async waitForLog(pattern: RegExp, timeoutMs = 10_000): Promise<void> {
      const deadline = Date.now() + timeoutMs;
      while (!pattern.test(output.text)) {
        if (Date.now() > deadline) throw new Error(`no log line matched ${pattern}:\n${output.text}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    },
    async close() {
      await adapter.stop();
      await app.stop();
      await fake.close();
    },
  };
}

export type DiscordHarness = Awaited<ReturnType<typeof startDiscordHarness>>;

/** A command slower than the tests' reply budget: its answer must be deferred, then edited in. */
export const slowCommand: CommandDefinition = {
  name: 'test-slow',
  summary: 'Takes a while',
  usage: 'test-slow',
  examples: [],
  options: [],
  async run() {
    await new Promise((resolve) => setTimeout(resolve, 400));
    return reply('Finally', ['Here is the answer.']);
  },
};

import { GATEWAY_LOCK } from '../../src/replica.js';
import type { ChatAdapterProvider } from '../provider.js';

/** Discord, enabled by DISCORD_TOKEN and DISCORD_APPLICATION_ID (config.ts checks they come together). */
export const discordProvider: ChatAdapterProvider = {
  platform: 'discord',
  configKeys: ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID'],
  enabled: (config) => config.discord !== undefined,
  async create(deps) {
    const { config, withLock } = deps;
    if (!config.discord)
      throw new Error('Discord is not configured: set DISCORD_TOKEN and DISCORD_APPLICATION_ID');
    // discord.js is loaded only when Discord is configured: start-up time is benchmarked.
    const { DiscordAdapter } = await import('./discord-adapter.js');
    return new DiscordAdapter({
      config: config.discord,
      logger: deps.logger,
      metrics: deps.metrics,
      onCommand: deps.onCommand,
      definition: deps.definition,
      watchlists: deps.watchlists,
      // One-shot runs (e.g. `ree-watch poll`) only deliver, over REST, without a gateway session.
      connectGateway: deps.interactive,
      onTokenRefused: deps.onTokenRefused,
      // Interactions over HTTP (DISCORD_PUBLIC_KEY) are answered on the service's own server.
      http: deps.interactive ? deps.http : undefined,
      clock: deps.clock,
      // Over the gateway, one replica at a time connects: the holder of this lock.
      gatewayLock: withLock ? (fn) => withLock(GATEWAY_LOCK, fn) : undefined,
      heldLocks: deps.heldLocks,
    });
  },
};

import type { ChatAdapterProvider } from '../provider.js';

/** Discord, enabled by DISCORD_TOKEN and DISCORD_APPLICATION_ID (config.ts checks they come together). */
export const discordProvider: ChatAdapterProvider = {
  platform: 'discord',
  configKeys: ['DISCORD_TOKEN', 'DISCORD_APPLICATION_ID'],
  enabled: (config) => config.discord !== undefined,
  async create(deps) {
    const { config } = deps;
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
    });
  },
};

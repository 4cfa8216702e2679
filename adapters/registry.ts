import type { Config } from '../src/config.js';
import type { Platform } from '../src/model/chat.js';
import { consoleProvider } from './console/provider.js';
import { discordProvider } from './discord/provider.js';
import type { ChatAdapterProvider } from './provider.js';
import { slackProvider } from './slack/provider.js';

/** The chat platforms that take their tokens from the config; a new platform is one more provider here. */
export const CHAT_PROVIDERS: readonly ChatAdapterProvider[] = [slackProvider, discordProvider];

/** The providers the config enables: every configured platform, or the console when there is none. */
export function enabledChatProviders(config: Config): ChatAdapterProvider[] {
  const enabled = CHAT_PROVIDERS.filter((provider) => provider.enabled(config));
  return enabled.length > 0 ? enabled : [consoleProvider];
}

/** The platforms alerts go to under this config. */
export function enabledPlatforms(config: Config): Set<Platform> {
  return new Set(enabledChatProviders(config).map((provider) => provider.platform));
}

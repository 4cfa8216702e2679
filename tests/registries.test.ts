import { describe, expect, it } from 'vitest';
import { CHAT_PROVIDERS, enabledChatProviders } from '../adapters/registry.js';
import { CONFIG_KEYS, loadConfig } from '../src/config.js';
import { createSources, SOURCE_PROVIDERS } from '../src/sources/index.js';

const SLACK = { SLACK_BOT_TOKEN: 'xoxb-1-2-abc', SLACK_SIGNING_SECRET: 'a-signing-secret-of-some-length' };
const DISCORD = {
  DISCORD_TOKEN: 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.test01.discord-token-1414213562373',
  DISCORD_APPLICATION_ID: '1100000000000000001',
};
const platformsFor = (env: Record<string, string>) =>
  enabledChatProviders(loadConfig(env)).map((provider) => provider.platform);

describe('the chat adapter registry', () => {
  it('runs the console with no chat tokens, and every configured platform (only those) otherwise', () => {
    expect(platformsFor({})).toEqual(['console']);
    expect(platformsFor(SLACK)).toEqual(['slack']);
    expect(platformsFor(DISCORD)).toEqual(['discord']);
    expect(platformsFor({ ...SLACK, ...DISCORD })).toEqual(['slack', 'discord']);
  });

  it('names, for each platform, config keys that exist', () => {
    for (const provider of CHAT_PROVIDERS)
      for (const key of provider.configKeys) expect(Object.keys(CONFIG_KEYS)).toContain(key);
  });
});

describe('the source registry', () => {
  it('builds every source a watchlist may name, each under its own name and kind, from the config', () => {
    const sources = createSources(loadConfig({ COMTRADE_API_URL: 'http://127.0.0.1:9/comtrade' }));
    for (const provider of SOURCE_PROVIDERS) {
      expect(sources.get(provider.name)).toMatchObject({ name: provider.name, kind: provider.kind });
      for (const key of provider.configKeys) expect(Object.keys(CONFIG_KEYS)).toContain(key);
    }
    expect([...sources.keys()]).toEqual(['comtrade', 'census', 'federal-register', 'mofcom', 'dgft', 'rss']);
  });
});

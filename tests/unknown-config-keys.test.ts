import { describe, expect, it } from 'vitest';
import { unknownKeyWarnings } from '../src/unknown-config-keys.js';

describe('environment keys that look like ree-watch settings but are none', () => {
  it.each([
    ['SLAK_BOT_TOKEN', 'SLACK_BOT_TOKEN'],
    ['DISCROD_TOKEN', 'DISCORD_TOKEN'],
    ['DISCORD_APP_ID', 'DISCORD_APPLICATION_ID'],
    ['COMTRADE_KEY', 'COMTRADE_API_KEY'],
    ['CENSUS_APIKEY', 'CENSUS_API_KEY'],
    ['DATABSE_PATH', 'DATABASE_PATH'],
    ['slack_app_token', 'SLACK_APP_TOKEN'],
  ])('%s: did you mean %s?', (key, meant) => {
    expect(unknownKeyWarnings({ [key]: 'value' })).toEqual([
      `${key}: not a setting ree-watch reads, so it is ignored (did you mean ${meant}?)`,
    ]);
  });

  it('says nothing of the keys every machine has, nor of the keys it reads', () => {
    expect(
      unknownKeyWarnings({
        PATH: '/usr/bin',
        HOME: '/root',
        HOSTNAME: 'box',
        NODE_ENV: 'production',
        NODE_OPTIONS: '--max-old-space-size=512',
        npm_config_cache: '/root/.npm',
        INVOCATION_ID: 'abc',
        JOURNAL_STREAM: '8:1234',
        KUBERNETES_SERVICE_PORT: '443',
        SLACK_BOT_TOKEN: 'xoxb-1',
        PORT: '3000',
        LOG_LEVEL: 'info',
      }),
    ).toEqual([]);
  });

  it('never shows a value, which may be a token', () => {
    const [warning] = unknownKeyWarnings({ DISCORD_BOT_TOKEN: 'MTIz.secret.token' });
    expect(warning).toMatch(/^DISCORD_BOT_TOKEN: not a setting ree-watch reads/);
    expect(warning).not.toContain('secret');
  });
});

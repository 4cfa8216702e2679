import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONFIG_KEYS, ConfigError, loadConfig } from '../src/config.js';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError)
      return error.problems.map((problem) => `${problem.key}: ${problem.message}`);
    throw error;
  }
  return [];
}

describe('loadConfig', () => {
  it('runs on embedded defaults with nothing set: console only, local SQLite file', () => {
    const config = loadConfig({});
    expect(config.databasePath).toBe('./data/ree-watch.db');
    expect(config.port).toBe(3000);
    expect(config.pollCron).toBe('0 */6 * * *');
    expect(config.slack).toBeUndefined();
    expect(config.discord).toBeUndefined();
    expect(config.outboxMaxAgeMs).toBe(24 * 3_600_000);
    expect(config.sources.comtrade.apiUrl).toBe('https://comtradeapi.un.org');
  });

  it('reports a bad PORT as one line naming the key, the value and what is allowed', () => {
    const problems = problemsOf({ PORT: 'abc' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^PORT: "abc" is not valid; expected an integer from 0 to 65535/);
  });

  it('reports every bad key at once, one line each', () => {
    const problems = problemsOf({
      PORT: '70000',
      POLL_CRON: 'every day',
      LOG_LEVEL: 'loud',
      SLACK_API_URL: 'ftp://x',
    });
    expect(problems.map((line) => line.split(':')[0])).toEqual([
      'PORT',
      'POLL_CRON',
      'LOG_LEVEL',
      'SLACK_API_URL',
    ]);
    expect(problems.every((line) => !line.includes('\n'))).toBe(true);
  });

  it('names the missing half of a platform pair', () => {
    expect(problemsOf({ SLACK_BOT_TOKEN: 'xoxb-1-2-abcdef' })).toEqual([
      expect.stringMatching(/^SLACK_SIGNING_SECRET: is required to use Slack/),
    ]);
    expect(problemsOf({ DISCORD_APPLICATION_ID: '123456789012345678' })).toEqual([
      expect.stringMatching(/^DISCORD_TOKEN: is required to use Discord/),
    ]);
  });

  it('shows a refused value with its line breaks, escapes and direction overrides spelled out', () => {
    const problems = problemsOf({ PORT: '80\u202E\u001b[31m\n1' });
    expect(problems).toEqual([expect.stringMatching(/^PORT: "80\\u202e\\u001b\[31m\\n1" is not valid/)]);
  });

  it('never echoes a secret value in a problem line', () => {
    const problems = problemsOf({
      SLACK_BOT_TOKEN: 'not-a-bot-token-but-secret',
      SLACK_SIGNING_SECRET: 'abcdef0123456789abcdef',
    });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain('SLACK_BOT_TOKEN: the value set is not valid');
    expect(problems.join('\n')).not.toContain('not-a-bot-token-but-secret');
  });

  it('never echoes a secret pasted into the wrong key either, not even the part shown before "..."', () => {
    const key = 'comtrade-key-0123456789abcdef0123456789abcdef0123456789';
    const problems = problemsOf({
      COMTRADE_API_KEY: key,
      DISCORD_APPLICATION_ID: key,
      CENSUS_API_URL: `ftp://api.census.gov/${key}`,
    });
    expect(problems).toEqual([
      'DISCORD_APPLICATION_ID: "[REDACTED]" is not valid; expected a Discord application id (a 15 to 22 digit snowflake)',
      'CENSUS_API_URL: "ftp://api.census.gov/[REDACTED]" is not valid; expected an http(s) URL (default https://api.census.gov)',
    ]);
    expect(problems.join('\n')).not.toContain(key.slice(0, 16));
  });

  it('enables Slack with both keys, normalises the API base URL and collects secrets for the logger', () => {
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-1-2-abcdef',
      SLACK_SIGNING_SECRET: '8f742231b10e8888abcd99yyyzzz85a5',
      SLACK_API_URL: 'http://127.0.0.1:9999/api',
    });
    expect(config.slack?.apiUrl).toBe('http://127.0.0.1:9999/api/');
    expect(config.secrets).toEqual(['xoxb-1-2-abcdef', '8f742231b10e8888abcd99yyyzzz85a5']);
  });

  it('treats empty values as unset, as a copied .env.example leaves them', () => {
    expect(loadConfig({ PORT: '', SLACK_BOT_TOKEN: '' }).port).toBe(3000);
  });

  it('keeps admins per platform; the old ADMIN_USER_IDS still names the Slack admins, with a warning to rename it', () => {
    const perPlatform = loadConfig({
      SLACK_ADMIN_USER_IDS: 'U01, U02',
      DISCORD_ADMIN_ROLE_IDS: '111111111111111111',
    });
    expect(perPlatform.admins).toEqual({
      slackUserIds: ['U01', 'U02'],
      discordRoleIds: ['111111111111111111'],
    });
    expect(perPlatform.deprecations).toEqual([]);
    const old = loadConfig({ ADMIN_USER_IDS: 'U01' });
    expect(old.admins).toEqual({ slackUserIds: ['U01'], discordRoleIds: [] });
    expect(old.deprecations).toEqual([
      expect.stringMatching(/^ADMIN_USER_IDS is deprecated .* rename it SLACK_ADMIN_USER_IDS/),
    ]);
    expect(loadConfig({ ADMIN_USER_IDS: 'U01', SLACK_ADMIN_USER_IDS: 'U09' }).admins.slackUserIds).toEqual([
      'U09',
    ]);
    expect(() => loadConfig({ DISCORD_ADMIN_ROLE_IDS: 'moderators' })).toThrow(/DISCORD_ADMIN_ROLE_IDS/);
  });

  it('selects PostgreSQL with DATABASE_URL, with a pool size, and refuses it beside DATABASE_PATH naming both', () => {
    const url = 'postgres://ree:pg-pass-8412@db.internal:5432/reewatch';
    const config = loadConfig({ DATABASE_URL: url, DATABASE_POOL_SIZE: '4' });
    expect(config).toMatchObject({ databaseUrl: url, databasePoolSize: 4 });
    expect(config.secrets).toContain('pg-pass-8412');
    expect(problemsOf({ DATABASE_URL: url, DATABASE_PATH: './data/x.db' })).toEqual([
      'DATABASE_URL: and DATABASE_PATH are both set: choose one (DATABASE_URL for PostgreSQL, DATABASE_PATH for the SQLite file)',
    ]);
  });

  it('refuses a DATABASE_URL that is not PostgreSQL without printing it', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://root:hunter22@db/x' });
    expect(problems).toEqual([
      'DATABASE_URL: the value set is not valid; expected a postgres:// or postgresql:// URL, e.g. postgres://ree:password@db.internal:5432/reewatch',
    ]);
  });

  it('is documented key by key in .env.example', () => {
    const example = readFileSync(new URL('../.env.example', import.meta.url), 'utf8');
    for (const key of Object.keys(CONFIG_KEYS)) expect(example).toMatch(new RegExp(`^#? ?${key}=`, 'm'));
  });
});

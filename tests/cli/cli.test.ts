import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/capture.js';
import { ServiceProcess } from '../helpers/service-process.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();

describe('ree-watch CLI', () => {
  it('check-config with PORT=abc prints a single line naming PORT and exits 2', async () => {
    const result = await runCli(['check-config'], { PORT: 'abc' });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^PORT: "abc" is not valid; expected an integer/),
    ]);
    expect(result.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it('check-config on defaults says what it will use and exits 0', async () => {
    const result = await runCli(['check-config'], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/configuration OK: database SQLite \/\S+\/data\/ree-watch\.db,/);
    expect(result.stdout).toContain('chat: console only');
  });

  it('check-config names the PostgreSQL store by user, host and database, never the password', async () => {
    const result = await runCli(['check-config'], {
      DATABASE_PATH: '',
      DATABASE_URL: 'postgres://ree:s3cret-pass@db.internal:5433/reewatch',
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('configuration OK: database PostgreSQL ree@db.internal:5433/reewatch,');
    expect(result.stdout + result.stderr).not.toContain('s3cret-pass');
  });

  it('check-config warns that the default Census watchlist needs CENSUS_API_KEY, and where to get one', async () => {
    const without = await runCli(['check-config'], {});
    expect(without.code).toBe(0);
    expect(without.stderr.trim()).toBe(
      'warning: CENSUS_API_KEY: not set, but us-magnet-imports-from-china poll the US Census, which answers no request without a key since 2026-05-12; get one free at https://api.census.gov/data/key_signup.html',
    );
    const withKey = await runCli(['check-config'], { CENSUS_API_KEY: 'census-key-abcdef' });
    expect(withKey.stderr).toBe('');
  });

  it('ask "/ree help" prints the help text and exits 0', async () => {
    const result = await runCli(['ask', '/ree help'], { DATABASE_PATH: join(tempDir(), 'ree.db') });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('ree-watch commands');
    expect(result.stdout).toContain('/ree help [command]');
    expect(result.stderr).toBe('');
  });

  it('ask with an unknown command prints the helpful reply and exits 1, as for any reply that is an error', async () => {
    const result = await runCli(['ask', '/ree hlep'], { DATABASE_PATH: join(tempDir(), 'ree.db') });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Did you mean: /ree help?');
    const watchlist = await runCli(['ask', '/ree history china-india-magnet'], {
      DATABASE_PATH: join(tempDir(), 'ree.db'),
    });
    expect(watchlist.code).toBe(1);
    expect(watchlist.stdout).toContain('"china-india-magnet" is not a watchlist id.');
  });

  it('rejects unknown commands and missing arguments with exit 2 and a hint', async () => {
    const unknown = await runCli(['launch'], {});
    expect(unknown).toMatchObject({
      code: 2,
      stderr: 'ree-watch: unknown command "launch"; run "ree-watch --help" for the list\n',
    });
    const missing = await runCli(['ask'], {});
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('ask needs the command text');
  });

  it('reports a database it cannot open as one line and exits 1', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, '');
    const result = await runCli(['ask', 'help'], { DATABASE_PATH: join(file, 'ree.db') });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^ree-watch: cannot open the database at .*a-file\/ree\.db/),
    ]);
  });
});

describe('a .env that cannot be read (real process: main.ts loads it)', () => {
  it('is one line naming .env and why, exit 2, never a stack trace', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, '.env'));
    const run = ServiceProcess.spawn(['check-config'], {}, { cwd });
    expect((await run.exited).code).toBe(2);
    expect(run.stderr).toBe('.env: is a directory, not a file of KEY=value lines\n');
  });
});

describe('ree-watch check-config with watchlists', () => {
  it('reports bad environment keys and bad watchlists together, one line each, exit 2', async () => {
    const file = join(tempDir(), 'w.yaml');
    writeFileSync(
      file,
      '- { id: xx, title: X, kind: trade, source: comtrade, reporter: CN, partner: Narnia, flow: export, hs: ["850511"], rules: [{ type: stale, days: 0 }] }\n',
    );
    const result = await runCli(['check-config'], { PORT: 'abc', WATCHLISTS_FILE: file });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^PORT: /),
      `${file}: xx: rules[0].days: expected at least 1 day`,
    ]);
  });

  it('refuses thresholds that can never fire, HS codes of a wrong length, and a file with no watchlists', async () => {
    const file = join(tempDir(), 'w.yaml');
    writeFileSync(
      file,
      '- { id: xx, title: X, kind: trade, source: comtrade, reporter: CN, partner: IN, flow: export, hs: ["85051"], rules: [{ type: drop, compare: previous-month, percent: 150 }] }\n',
    );
    const impossible = await runCli(['check-config'], { WATCHLISTS_FILE: file });
    expect(impossible.code).toBe(2);
    expect(impossible.stderr.trim().split('\n')).toEqual([
      `${file}: xx: rules[0].percent: a drop can be at most 100% (down to zero), so it would never fire; expected a percentage above 0 and up to 100`,
      `${file}: xx: hs[0]: "85051" has 5 digits; HS codes have 2, 4, 6, 8 or 10 digits (chapter, heading, subheading, or a national tariff line)`,
    ]);
    writeFileSync(file, '# nothing yet\n');
    const empty = await runCli(['check-config'], { WATCHLISTS_FILE: file });
    expect(empty).toMatchObject({
      code: 2,
      stderr: `${file}: no watchlists in the file; add at least one (config/watchlists.yaml has examples), or unset WATCHLISTS_FILE to use the defaults\n`,
    });
  });

  it('warns about a mistyped key that looks like one of its settings, with "did you mean", never its value', async () => {
    const token = 'xoxb-1111-2222-secretvalue';
    const typo = await runCli(['check-config'], {
      SLAK_BOT_TOKEN: token,
      CENSUS_API_KEY: 'census-key-abcdef',
    });
    expect(typo.code).toBe(0);
    expect(typo.stdout).toContain('chat: console only');
    expect(typo.stderr).toBe(
      'warning: SLAK_BOT_TOKEN: not a setting ree-watch reads, so it is ignored (did you mean SLACK_BOT_TOKEN?)\n',
    );
    // With the typo, the signing secret alone is a problem; the warning says why.
    const half = await runCli(['check-config'], {
      SLAK_BOT_TOKEN: token,
      SLACK_SIGNING_SECRET: 'a-signing-secret-of-some-length',
    });
    expect(half.code).toBe(2);
    expect(half.stderr.trim().split('\n')).toEqual([
      'SLACK_BOT_TOKEN: is required to use Slack (the "Bot User OAuth Token", xoxb-…)',
      'warning: SLAK_BOT_TOKEN: not a setting ree-watch reads, so it is ignored (did you mean SLACK_BOT_TOKEN?)',
    ]);
    expect(`${typo.stderr}${half.stderr}`).not.toContain(token);
    // Any command refused for its configuration says the same.
    const ask = await runCli(['ask', '/ree help'], {
      SLAK_BOT_TOKEN: token,
      SLACK_SIGNING_SECRET: 'a-signing-secret-of-some-length',
    });
    expect(ask).toMatchObject({ code: 2, stderr: half.stderr });
  });

  it('refuses to answer commands with a broken watchlist file', async () => {
    const result = await runCli(['ask', 'help'], {
      WATCHLISTS_FILE: '/missing/w.yaml',
      DATABASE_PATH: join(tempDir(), 'ree.db'),
    });
    expect(result).toMatchObject({
      code: 2,
      stderr: '/missing/w.yaml: file not found; set WATCHLISTS_FILE to your watchlist file\n',
    });
  });
});

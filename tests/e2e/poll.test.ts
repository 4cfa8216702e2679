import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/capture.js';
import { availability, magnetMonths } from '../helpers/comtrade-answers.js';
import { comtradeAnswer, sourceUrlsAt } from '../helpers/comtrade-fixture.js';
import { FixtureServer, htmlPage, json } from '../helpers/fixture-server.js';
import { ServiceProcess } from '../helpers/service-process.js';
import { openTestStorage } from '../helpers/storage.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const running: ServiceProcess[] = [];
const servers: FixtureServer[] = [];
afterEach(async () => {
  for (const service of running.splice(0)) service.kill('SIGKILL');
  for (const server of servers.splice(0)) await server.close();
});

/** DATABASE_PATH and WATCHLISTS_FILE in a temp folder, every source URL on the loopback fixture server. */
function pollEnv(server: FixtureServer, dir: string): Record<string, string> {
  return {
    DATABASE_PATH: join(dir, 'ree.db'),
    WATCHLISTS_FILE: join(dir, 'watchlists.yaml'),
    ...sourceUrlsAt(server),
    LOG_LEVEL: 'warn',
  };
}

describe('ree-watch poll --source comtrade (loopback Comtrade)', () => {
  it('stores every series of the shipped watchlists and prints one line per series; a re-poll finds nothing new', {
    timeout: 60_000,
  }, async () => {
    const server = await FixtureServer.start();
    servers.push(server);
    // Six published months: one preview request each, a second apart, in real time.
    const months = magnetMonths(Date.now(), 6);
    const latest = months.at(-1)?.month;
    server.route(
      '/public/v1/getDa/C/M/HS',
      json(
        availability(
          156,
          months.map((m) => m.month),
        ),
      ),
    );
    server.route('/public/v1/preview/C/M/HS', comtradeAnswer(months));
    const dir = tempDir();
    copyFileSync('config/watchlists.yaml', join(dir, 'watchlists.yaml'));

    const first = ServiceProcess.spawn(['poll', '--source', 'comtrade'], pollEnv(server, dir));
    running.push(first);
    await first.exited;

    expect(first.child.exitCode, first.stderr).toBe(0);
    expect(first.stdout.trim().split('\n')).toEqual([
      `comtrade CN→IN export 850511 USD: 6 months stored, latest ${latest}`,
      `comtrade CN→US export 850511 USD: 6 months stored, latest ${latest}`,
      `comtrade CN→JP export 850511 USD: 6 months stored, latest ${latest}`,
      `comtrade CN→WORLD export 280530 USD: 6 months stored, latest ${latest}`,
      `comtrade CN→WORLD export 2846 USD: 6 months stored, latest ${latest}`,
      'comtrade backfill: 6 of 6 months',
    ]);
    // Only Comtrade was asked: one availability check, then one request per month for every series.
    expect(server.requests.every((r) => r.url.pathname.startsWith('/public/v1/'))).toBe(true);
    expect(server.hits('/public/v1/getDa')).toHaveLength(1);
    expect(server.hits('/public/v1/preview')).toHaveLength(6);
    const db = new Database(join(dir, 'ree.db'), { readonly: true });
    const count = () => (db.prepare('SELECT COUNT(*) AS n FROM observations').get() as { n: number }).n;
    expect(count()).toBe(5 * 6);
    expect(
      db.prepare("SELECT healthy, consecutive_failures FROM source_health WHERE source = 'comtrade'").get(),
    ).toEqual({
      healthy: 1,
      consecutive_failures: 0,
    });

    // The re-poll runs in-process (the same CLI entry), sparing a second process start.
    const second = await runCli(['poll', '--source', 'comtrade'], pollEnv(server, dir));

    expect(second.code).toBe(0);
    expect(second.stdout).toContain(
      `comtrade CN→IN export 850511 USD: nothing new (no new Comtrade release since the last poll), 6 months held, latest ${latest}`,
    );
    expect(count()).toBe(5 * 6);
    expect(db.prepare('SELECT COUNT(*) AS n FROM observation_revisions').get()).toEqual({ n: 0 });
    db.close();
  });

  it('exits 1 and says why when the source answers garbage, storing nothing', async () => {
    const server = await FixtureServer.start();
    servers.push(server);
    const months = magnetMonths(Date.now());
    server.route(
      '/public/v1/getDa/C/M/HS',
      json(
        availability(
          156,
          months.map((m) => m.month),
        ),
      ),
    );
    server.route('/public/v1/preview/C/M/HS', htmlPage('503 Service Temporarily Unavailable'));
    const dir = tempDir();
    copyFileSync('config/watchlists.yaml', join(dir, 'watchlists.yaml'));

    const run = await runCli(['poll', '--source', 'comtrade'], pollEnv(server, dir));

    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(
      /^comtrade CN→IN export 850511: FAILED: comtrade: answered with an HTML page titled "503 Service Temporarily Unavailable" instead of JSON \(http:\/\/127\.0\.0\.1:\d+\/public\/v1\/preview\/C\/M\/HS\?/m,
    );
    const db = new Database(join(dir, 'ree.db'), { readonly: true });
    expect(db.prepare('SELECT COUNT(*) AS n FROM observations').get()).toEqual({ n: 0 });
    db.close();
  });

  it('tells a subscribed channel about the drop the poll just stored', async () => {
    const server = await FixtureServer.start();
    servers.push(server);
    const months = magnetMonths(Date.now(), 2);
    const [previous, latest] = months.slice(-2);
    if (!previous || !latest || previous.usd === null) throw new Error('expected two months');
    latest.usd = Math.round(previous.usd * 0.4);
    server.route(
      '/public/v1/getDa/C/M/HS',
      json(
        availability(
          156,
          months.map((m) => m.month),
        ),
      ),
    );
    server.route('/public/v1/preview/C/M/HS', comtradeAnswer(months));
    const dir = tempDir();
    copyFileSync('config/watchlists.yaml', join(dir, 'watchlists.yaml'));
    const db = await openTestStorage({ path: join(dir, 'ree.db') });
    await db.subscriptions.subscribe(
      { platform: 'console', channel: 'console' },
      ['china-india-magnets'],
      'test',
      0,
    );
    await db.close();

    const run = await runCli(['poll', '--source', 'comtrade'], pollEnv(server, dir));

    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(`comtrade CN→IN export 850511 USD: 2 months stored, latest ${latest.month}`);
    expect(run.stdout).toMatch(
      /▼ China → India rare-earth magnet exports fell to \$5\.46 M in \w+ \d{4}, -60% on /,
    );
  });

  it('--record saves every raw answer with its URL, time, status and headers, secrets redacted', async () => {
    const server = await FixtureServer.start();
    servers.push(server);
    const key = 'census-secret-key-0123456789';
    // A Census table with a row that quotes the key it was sent (as error pages do).
    server.route(
      '/data/timeseries/intltrade/imports/hs',
      json([
        ['CTY_NAME', 'GEN_VAL_MO', 'I_COMMODITY', 'COMM_LVL', 'CTY_CODE', 'time'],
        ['CHINA', '1000', '850511', 'HS6', '5700', '2025-05'],
        [`key=${key}`, '1', '850511', 'HS6', '5700', '2025-05'],
      ]),
    );
    const dir = tempDir();
    copyFileSync('config/watchlists.yaml', join(dir, 'watchlists.yaml'));
    const recordDir = join(dir, 'answers');

    const run = await runCli(['poll', '--source', 'census', '--record', recordDir], {
      ...pollEnv(server, dir),
      CENSUS_API_KEY: key,
    });

    expect(run.stdout).toContain(`1 raw answers saved in ${recordDir} (secrets redacted)`);
    const [file] = readdirSync(recordDir);
    expect(file).toBe('0001-census-200.json');
    const text = readFileSync(join(recordDir, file as string), 'utf8');
    expect(text).not.toContain(key);
    expect(JSON.parse(text)).toMatchObject({
      source: 'census',
      url: expect.stringMatching(/\/data\/timeseries\/intltrade\/imports\/hs\?.*key=\[REDACTED\]/) as unknown,
      receivedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
      status: 200,
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: expect.stringContaining('"CHINA","1000"') as unknown,
    });
  });

  it('refuses an unknown source with the list of known ones, exit 2', async () => {
    const result = await runCli(['poll', '--source', 'gac'], { DATABASE_PATH: ':memory:' });
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe(
      'ree-watch: unknown source "gac"; choose one of comtrade, census, federal-register, mofcom, dgft, rss, gacc, csv',
    );
  });
});

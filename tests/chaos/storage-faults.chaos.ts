import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { openSqliteDatabase } from '../../src/store/sqlite/open-database.js';
import { magnetMonths } from '../helpers/comtrade-answers.js';
import type { FixtureServer } from '../helpers/fixture-server.js';
import type { ServiceProcess } from '../helpers/service-process.js';
import { postToSlackEvents, signedForm } from '../helpers/slack-requests.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { FAKE_SECRETS, leakedSecrets, recordFigures, useProcesses, waitUntil } from './helpers/chaos.js';
import { integrityCheck } from './helpers/checksum.js';
import { FakeSlackServer } from './helpers/fakes.js';
import { comtradeServer, MAGNET_WATCHLIST, slackServiceEnv, writeWatchlists } from './helpers/scenario.js';

const tempDir = useTempDir();
const processes = useProcesses('storage-faults');
const closers: (() => Promise<void>)[] = [];
const immutable = new Set<string>();
afterEach(() => {
  // Never leave a folder the temp-dir cleanup cannot delete.
  for (const path of immutable) chattr('-i', path);
  immutable.clear();
});
afterAll(async () => {
  for (const close of closers) await close();
});

/**
 * Root ignores file modes, so "read-only" here is the immutable attribute: writes through open files
 * fail with EPERM and nothing can be created in an immutable folder.
 */
function chattr(flag: '+i' | '-i', ...paths: string[]): void {
  try {
    execFileSync('chattr', [flag, ...paths], { stdio: 'pipe' });
  } catch (error) {
    throw new Error(
      `chattr ${flag} failed (${(error as Error).message.split('\n')[0]}): this test needs root on a filesystem with the immutable attribute (ext4, xfs, btrfs)`,
    );
  }
  for (const path of paths) flag === '+i' ? immutable.add(path) : immutable.delete(path);
}

/** The lines a person reads on stderr: everything that is not a JSON log line. */
const plainLines = (service: ServiceProcess) =>
  service.stderr.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('{'));

function bigCsv(dir: string): string {
  const rows = ['period,reporter,partner,hs,value,unit'];
  for (let year = 1926; year < 2026; year++)
    for (let month = 1; month <= 12; month++)
      rows.push(`${year}-${String(month).padStart(2, '0')},CN,IN,850511,${year * 100 + month},USD`);
  const path = join(dir, 'series.csv');
  writeFileSync(path, `${rows.join('\n')}\n`);
  return path;
}

const count = (path: string, table: string) => {
  const db = new Database(path, { readonly: true });
  const n = (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  db.close();
  return n;
};

interface Case {
  name: string;
  exit: number | null;
  lines: string[];
  integrity: string;
  recovered: boolean;
}

const cases: Case[] = [];
/** The case of the running service, whose database turns read-only and then writable again. */
const SERVICE_CASE = 'service: database read-only for a while';

describe('storage faults (real processes): a clear line, a non-zero exit, an intact database after recovery', () => {
  it('a full disk (RLIMIT_FSIZE) during import, poll and start', async () => {
    const comtrade: FixtureServer = await comtradeServer(magnetMonths(Date.now()));
    closers.push(() => comtrade.close());
    const dir = tempDir();
    const env = {
      DATABASE_PATH: join(dir, 'ree.db'),
      WATCHLISTS_FILE: writeWatchlists(dir, MAGNET_WATCHLIST),
      COMTRADE_API_URL: comtrade.url,
      COMTRADE_API_KEY: FAKE_SECRETS.COMTRADE_API_KEY,
      PORT: '0',
      HOST: '127.0.0.1',
    };
    openSqliteDatabase(env.DATABASE_PATH).db.close();
    const csv = bigCsv(dir);
    const runs: [string, string[], number, () => boolean][] = [
      [
        'import under a full disk',
        ['import', csv, '--format', 'csv'],
        48,
        () => count(env.DATABASE_PATH, 'observations') === 1200,
      ],
      [
        'poll under a full disk',
        ['poll', '--source', 'comtrade'],
        40,
        () => count(env.DATABASE_PATH, 'observations') === 1224,
      ],
    ];
    // A new database on a full disk (the migrations cannot be written), beside the runs below.
    const fresh = { ...env, DATABASE_PATH: join(tempDir(), 'ree.db') };
    const freshStart = (async () => {
      const start = processes.spawn('start-full', ['start'], fresh, { fileSizeLimitKiB: 64 });
      const startExit = (await start.exited).code;
      const retry = processes.spawn('start-again', ['start'], fresh);
      await retry.waitFor(/HTTP server listening/, 'stderr', 60_000);
      retry.kill('SIGTERM');
      cases.push({
        name: 'start on a full disk',
        exit: startExit,
        lines: plainLines(start),
        integrity: integrityCheck(fresh.DATABASE_PATH),
        recovered: (await retry.exited).code === 0,
      });
    })();
    // Awaited after the runs below; this only keeps an early failure from going unhandled meanwhile.
    freshStart.catch(() => {});
    for (const [name, args, limit, stored] of runs) {
      const full = processes.spawn(`${args[0]}-full`, args, env, { fileSizeLimitKiB: limit });
      const exit = (await full.exited).code;
      const integrity = integrityCheck(env.DATABASE_PATH);
      const unchanged = count(env.DATABASE_PATH, 'observations') === (args[0] === 'import' ? 0 : 1200);
      const again = processes.spawn(`${args[0]}-again`, args, env);
      const recovered =
        (await again.exited).code === 0 && stored() && integrityCheck(env.DATABASE_PATH) === 'ok';
      cases.push({
        name,
        exit,
        lines: plainLines(full),
        integrity: unchanged ? integrity : `${integrity}, but data changed`,
        recovered,
      });
    }

    await freshStart;

    for (const result of cases) {
      expect(result.exit, result.name).toBe(1);
      expect(result.lines, result.name).toEqual([
        expect.stringMatching(/^ree-watch: .*database at .*ree\.db.*(a write or read failed|disk is full)/),
      ]);
      expect(result.integrity, result.name).toBe('ok');
      expect(result.recovered, result.name).toBe(true);
    }
  }, 120_000);

  it('a read-only database (immutable file and folder) for poll, import and start', async () => {
    const comtrade: FixtureServer = await comtradeServer(magnetMonths(Date.now()));
    closers.push(() => comtrade.close());
    const dir = tempDir();
    const dbDir = join(dir, 'data');
    const env = {
      DATABASE_PATH: join(dbDir, 'ree.db'),
      WATCHLISTS_FILE: writeWatchlists(dir, MAGNET_WATCHLIST),
      COMTRADE_API_URL: comtrade.url,
      COMTRADE_API_KEY: FAKE_SECRETS.COMTRADE_API_KEY,
      PORT: '0',
      HOST: '127.0.0.1',
    };
    openSqliteDatabase(env.DATABASE_PATH).db.close();
    const csv = bigCsv(dir);
    chattr('+i', env.DATABASE_PATH, dbDir);
    const before = cases.length;
    for (const args of [['poll', '--source', 'comtrade'], ['import', csv, '--format', 'csv'], ['start']]) {
      const run = processes.spawn(`${args[0]}-read-only`, args, env);
      const exit = (await run.exited).code;
      cases.push({
        name: `${args[0]} on a read-only database`,
        exit,
        lines: plainLines(run),
        integrity: '',
        recovered: false,
      });
    }
    chattr('-i', env.DATABASE_PATH, dbDir);
    const poll = processes.spawn('poll-writable', ['poll', '--source', 'comtrade'], env);
    const recovered = (await poll.exited).code === 0 && count(env.DATABASE_PATH, 'observations') === 24;
    const integrity = integrityCheck(env.DATABASE_PATH);
    for (const result of cases.slice(before)) Object.assign(result, { integrity, recovered });

    for (const result of cases.slice(before)) {
      expect(result.exit, result.name).toBe(1);
      expect(result.lines, result.name).toEqual([
        expect.stringMatching(
          /^ree-watch: .*database at .*ree\.db.*(read-only|cannot be opened|a write or read failed)/,
        ),
      ]);
    }
    expect(recovered).toBe(true);
    expect(integrity).toBe('ok');
  }, 120_000);

  it('the database turns read-only under the running service, then writable again', async () => {
    const slack = await FakeSlackServer.start({ botToken: FAKE_SECRETS.SLACK_BOT_TOKEN });
    closers.push(() => slack.close());
    const dir = tempDir();
    writeWatchlists(dir, MAGNET_WATCHLIST);
    const env = slackServiceEnv({ dir, slackApiUrl: slack.apiUrl });
    const service = processes.spawn('service-read-only', ['start'], env);
    const port = Number((await service.waitFor(/"port":(\d+)/, 'stderr', 60_000))[1]);
    // The HTTP server listens before Slack's route is mounted (it answers 503 until then).
    await service.waitFor(/Slack ready/, 'stderr', 60_000);
    const events = `http://127.0.0.1:${port}/slack/events`;
    const subscribe = async (channel: string) => {
      const before = slack.responses.length;
      const response = await postToSlackEvents(
        events,
        signedForm(
          slack.slashCommand('subscribe china-india-magnets', { channel_id: channel }),
          FAKE_SECRETS.SLACK_SIGNING_SECRET,
          Date.now(),
        ),
      );
      expect(response.status).toBe(200);
      const reply = await waitUntil(() => slack.responses[before], 'the reply', 10_000);
      return JSON.stringify(reply.body);
    };
    const database = env.DATABASE_PATH as string;
    expect(await subscribe('C0STORE1')).toContain('Now following china-india-magnets');
    chattr('+i', database, `${database}-wal`);
    const duringFault = await subscribe('C0STORE2');
    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    chattr('-i', database, `${database}-wal`);
    const afterFault = await subscribe('C0STORE3');
    service.kill('SIGTERM');
    const exit = (await service.exited).code;
    const db = new Database(database, { readonly: true });
    const channels = (
      db.prepare('SELECT channel FROM subscriptions ORDER BY channel').all() as { channel: string }[]
    ).map((row) => row.channel);
    db.close();
    cases.push({
      name: SERVICE_CASE,
      exit,
      lines: [],
      integrity: integrityCheck(database),
      recovered: channels.join(',') === 'C0STORE1,C0STORE3',
    });

    expect(duringFault).toContain('Something went wrong');
    expect(health.status).toBe(200);
    expect(afterFault).toContain('Now following china-india-magnets');
    expect(channels).toEqual(['C0STORE1', 'C0STORE3']);
    expect(exit).toBe(0);
    expect(integrityCheck(database)).toBe('ok');
  }, 120_000);

  afterAll(() => {
    const leaks = processes.all().flatMap(({ process }) => leakedSecrets(process.stdout + process.stderr));
    const cli = cases.filter((result) => result.lines.length > 0 || result.exit !== 0);
    const serviceCase = cases.some((result) => result.name === SERVICE_CASE);
    recordFigures('storage-faults', [
      {
        fault: 'storage faults',
        measure: 'full disk (RLIMIT_FSIZE) and read-only (chattr +i) runs: one clear line, exit 1',
        result: `${cli.filter((r) => r.exit === 1 && r.lines.length === 1).length}/${cli.length} (${cli.map((r) => r.name).join('; ')})`,
        expected: `${cli.length}/${cli.length}`,
        ok: cli.every((r) => r.exit === 1 && r.lines.length === 1),
      },
      {
        fault: 'storage faults',
        measure: 'PRAGMA integrity_check and a working run after recovery',
        result: `${cases.filter((r) => r.integrity === 'ok' && r.recovered).length}/${cases.length} ok (${serviceCase ? 'incl.' : 'without'} the service surviving a read-only spell)`,
        expected: `${cases.length}/${cases.length}, incl. the service`,
        ok: serviceCase && cases.every((r) => r.integrity === 'ok' && r.recovered) && leaks.length === 0,
      },
    ]);
  });
});

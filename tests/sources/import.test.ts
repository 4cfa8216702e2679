import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { type ImportPhase, importFile, parseCsv } from '../../src/sources/file-import.js';
import { Capture, runCli } from '../helpers/capture.js';
import { fixture } from '../helpers/fixture-server.js';
import { openTestStorage } from '../helpers/storage.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const GACC = fixture('gacc/customs-export_85051110_2025_gbk.csv');

function setup() {
  const dir = tempDir();
  const env = { DATABASE_PATH: join(dir, 'ree.db'), LOG_LEVEL: 'silent' };
  const write = (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const history = async (key: {
    source: string;
    partner: string;
    hs: string;
    unit: 'USD' | 'kg';
    reporter?: string;
  }) => {
    const db = await openTestStorage({ path: env.DATABASE_PATH });
    try {
      return await db.observations.history({ reporter: 'CN', flow: 'export', ...key });
    } finally {
      await db.close();
    }
  };
  return { env, write, history };
}

describe('ree-watch import --format gacc', () => {
  it('decodes a GBK customs export and stores value (USD) and net weight (kg) per partner and month', async () => {
    const { env, write, history } = setup();
    const path = write('exports.csv', GACC);

    const result = await runCli(['import', path, '--format', 'gacc'], env);

    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe(`${path} (gacc, gb18030): 7 rows read, 10 observations, 2 rows skipped`);
    expect(lines).toContain('  skipped 1 × trading partner not recognised');
    expect(lines).toContain('  skipped 1 × value is not a plausible USD amount');
    expect(lines).toContain(
      'gacc CN→US export 85051110 kg: 2 stored, 0 unchanged, 0 revised, latest 2025-06',
    );
    expect(
      (await history({ source: 'gacc', partner: 'US', hs: '85051110', unit: 'kg' })).map((o) => [
        o.period,
        o.value,
      ]),
    ).toEqual([
      ['2025-05', 46_000],
      ['2025-06', 353_000],
    ]);
    expect((await history({ source: 'gacc', partner: 'DE', hs: '85051110', unit: 'USD' }))[0]?.value).toBe(
      49_100_000,
    );
  });

  it('imports the same file again without writing anything, and reports it', async () => {
    const { env, write } = setup();
    const path = write('exports.csv', GACC);
    await runCli(['import', path, '--format', 'gacc'], env);
    const again = await runCli(['import', path, '--format', 'gacc'], env);
    expect(again.stdout).toContain(
      'gacc CN→US export 85051110 kg: 0 stored, 2 unchanged, 0 revised, latest 2025-06',
    );
  });

  it('refuses a file exported in RMB, in one line, exit 2', async () => {
    const { env, write } = setup();
    const text = iconv.decode(GACC, 'gbk').replace(',美元', ',人民币');
    const result = await runCli(
      ['import', write('rmb.csv', iconv.encode(text, 'gbk')), '--format', 'gacc'],
      env,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'ree-watch: the GACC file has values in 人民币 (CNY); export it in 美元 (USD) so it matches the other sources\n',
    );
  });

  it('refuses a file without months (分月展示 not ticked)', async () => {
    const { env, write } = setup();
    const text = iconv
      .decode(GACC, 'gbk')
      .split('\r\n')
      .map((line) => line.split(',').slice(1).join(','))
      .join('\r\n');
    const result = await runCli(
      ['import', write('nomonth.csv', iconv.encode(text, 'gbk')), '--format', 'gacc'],
      env,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('tick 分月展示');
  });
});

describe('ree-watch import --format csv', () => {
  it('imports period,reporter,partner,hs,value,unit rows, with names or codes, and explains skipped rows', async () => {
    const { env, write, history } = setup();
    const path = write(
      'series.csv',
      [
        'period,reporter,partner,hs,value,unit',
        '2025-04,CN,World,850511,"2,627,000",kg',
        '202505,China,World,850511,1238470,kg',
        '2025-06,CHN,0,850511,,kg',
        '2025-13,CN,World,850511,1,kg',
        '2025-07,CN,Atlantis,850511,1,kg',
        '2025-07,CN,World,850511,1,tonnes',
      ].join('\n'),
    );

    const result = await runCli(['import', path, '--format', 'csv'], env);

    expect(result.code).toBe(0);
    expect(result.stdout).toContain('6 rows read, 3 observations, 3 rows skipped');
    expect(result.stdout).toContain('skipped 1 × no valid month (YYYY-MM)');
    expect(result.stdout).toContain('skipped 1 × country not recognised');
    expect(result.stdout).toContain('skipped 1 × unit is not USD or kg');
    expect(
      (await history({ source: 'csv', partner: 'WORLD', hs: '850511', unit: 'kg' })).map((o) => [
        o.period,
        o.value,
        o.status,
      ]),
    ).toEqual([
      ['2025-04', 2_627_000, 'reported'],
      ['2025-05', 1_238_470, 'reported'],
      ['2025-06', null, 'suppressed'],
    ]);
  });

  it('names the missing columns of a CSV that is not in the expected shape', async () => {
    const { env, write } = setup();
    const result = await runCli(
      ['import', write('bad.csv', 'month,value\n2025-01,1\n'), '--format', 'csv'],
      env,
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the CSV header lacks period, reporter, partner, hs, unit');
  });

  it('asks for a format', async () => {
    const { env, write } = setup();
    const result = await runCli(['import', write('x.csv', 'a\n')], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('import needs --format gacc or csv');
  });
});

describe('progress of a large import', () => {
  it('parses a large file in pieces cut only between records, into the very same rows', async () => {
    // Quoted fields with commas, doubled quotes and line breaks, spread over more than one piece.
    const record = (index: number) =>
      `2025-0${(index % 9) + 1},CN,"World, ""all""",850511,"${index},000","kg\nsecond line ${index}"\r\n`;
    const text = `period,reporter,partner,hs,value,unit\r\n${Array.from({ length: 70_000 }, (_, i) => record(i)).join('')}`;
    expect(text.length).toBeGreaterThan(4 * 1024 * 1024);
    const steps: number[] = [];

    const pieces = parseCsv(text, (done) => steps.push(done));

    expect(pieces).toEqual(parseCsv(text));
    expect(steps.length).toBeGreaterThan(1);
    expect(steps.at(-1)).toBe(text.length);
  });

  it('reports reading, parsing, rows and storing in order, each reaching its total', async () => {
    const { env, write } = setup();
    const path = write('exports.csv', GACC);
    const db = await openTestStorage({ path: env.DATABASE_PATH });
    const seen: [ImportPhase, number, number][] = [];
    try {
      await importFile(
        path,
        { format: 'gacc', flow: 'export', fetchedAt: 0, progress: (...step) => seen.push(step) },
        db.observations,
      );
    } finally {
      await db.close();
    }
    const phases = [...new Set(seen.map(([phase]) => phase))];
    expect(phases).toEqual(['read', 'rows', 'store']);
    for (const phase of phases) {
      const last = seen.filter(([name]) => name === phase).at(-1);
      expect(last?.[1]).toBe(last?.[2]);
    }
    expect(seen.find(([phase]) => phase === 'read')?.[2]).toBe(GACC.length);
  });

  it('draws a bar on a terminal and erases it before the summary; nothing when stderr is not a terminal', async () => {
    const { env, write } = setup();
    const path = write('exports.csv', GACC);
    const stdout = new Capture();
    const stderr = Object.assign(new Capture(), { isTTY: true, columns: 120 });
    const stdin = new PassThrough();
    stdin.end();
    const code = await main({
      argv: ['import', path, '--format', 'gacc'],
      env,
      stdin,
      stdout,
      stderr,
      shutdownSignal: new Promise(() => {}),
    });
    expect(code).toBe(0);
    expect(stderr.text).toMatch(/exports\.csv {2}storing {2}\[█+\] 100% {2}10\/10/);
    expect(stderr.text.endsWith('\r\x1b[K')).toBe(true);
    expect(stdout.text).toContain('7 rows read, 10 observations');

    const piped = await runCli(['import', write('again.csv', GACC), '--format', 'gacc'], env);
    expect(piped.stderr).toBe('');
  });
});

describe('an import alerts at once, as a poll does', () => {
  const CSV_WATCHLIST = `- id: csv-magnets
  title: China → world magnet exports (customs CSV)
  kind: trade
  source: csv
  reporter: CN
  partner: World
  flow: export
  hs: ["850511"]
  measure: weight
  rules:
    - { type: drop, compare: previous-month, percent: 20 }
`;
  const months = (last: string) =>
    [
      'period,reporter,partner,hs,value,unit',
      '2025-01,CN,World,850511,5000000,kg',
      '2025-02,CN,World,850511,5100000,kg',
      '2025-03,CN,World,850511,4900000,kg',
      '2025-04,CN,World,850511,5050000,kg',
      `2025-05,CN,World,850511,${last},kg`,
    ].join('\n');
  const clock = { now: () => Date.parse('2025-06-20T00:00:00Z') };

  it('evaluates and delivers right after storing: a subscribed channel hears of the drop without waiting for the schedule', async () => {
    const { env, write } = setup();
    const withWatchlist = { ...env, WATCHLISTS_FILE: write('watchlists.yaml', CSV_WATCHLIST) };
    expect((await runCli(['ask', '/ree subscribe csv-magnets'], withWatchlist, { clock })).code).toBe(0);

    const result = await runCli(
      ['import', write('may.csv', months('2000000')), '--format', 'csv'],
      withWatchlist,
      {
        clock,
      },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('China → world magnet exports (customs CSV)');
    expect(result.stdout).toMatch(
      /evaluated 1 watchlist: 1 alert for subscribed channels, [1-9]\d* messages? delivered/,
    );
    expect(result.stdout).not.toContain('no watchlist in');
  });

  it('names the watchlist to add when none reads the imported series, and poll --source csv evaluates once it is added', async () => {
    const { env, write } = setup();
    const file = write('may.csv', months('2000000'));
    const result = await runCli(['import', file, '--format', 'csv'], env, { clock });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'no watchlist in config/watchlists.yaml reads this series, so nothing can alert on them; add this to the file, then run ree-watch poll --source csv:',
    );
    expect(result.stdout).toContain('- id: csv-cn-world-export\n');
    expect(result.stdout).toContain(
      '  source: csv\n  reporter: CN\n  partner: WORLD\n  flow: export\n  hs: ["850511"]\n  measure: weight',
    );

    // The suggestion is a valid watchlist: added to a file, poll --source csv evaluates the stored months.
    const suggested = result.stdout.slice(result.stdout.indexOf('- id: csv-cn-world-export'));
    const yaml = suggested.slice(0, suggested.indexOf('\nevaluated'));
    const withWatchlist = { ...env, WATCHLISTS_FILE: write('mine.yaml', `${yaml}\n`) };
    expect((await runCli(['ask', '/ree subscribe csv-cn-world-export'], withWatchlist, { clock })).code).toBe(
      0,
    );
    const poll = await runCli(['poll', '--source', 'csv'], withWatchlist, { clock });
    expect(poll.code, poll.stderr).toBe(0);
    expect(poll.stdout).toContain(
      'csv is not fetched: its months arrive with ree-watch import <file> --format csv.',
    );
    expect(poll.stdout).toContain('1 watchlist reads them (csv-cn-world-export)');
    expect(poll.stdout).toMatch(/1 alert for subscribed channels/);
  });
});

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.js';
import { ObservationStore } from '../../src/store/observations.js';
import { runCli } from '../helpers/capture.js';
import { fixture } from '../helpers/fixture-server.js';
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
  const history = (key: {
    source: string;
    partner: string;
    hs: string;
    unit: 'USD' | 'kg';
    reporter?: string;
  }) => {
    const { db } = openDatabase(env.DATABASE_PATH);
    try {
      return new ObservationStore(db).history({ reporter: 'CN', flow: 'export', ...key });
    } finally {
      db.close();
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
      history({ source: 'gacc', partner: 'US', hs: '85051110', unit: 'kg' }).map((o) => [o.period, o.value]),
    ).toEqual([
      ['2025-05', 46_000],
      ['2025-06', 353_000],
    ]);
    expect(history({ source: 'gacc', partner: 'DE', hs: '85051110', unit: 'USD' })[0]?.value).toBe(
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
      history({ source: 'csv', partner: 'WORLD', hs: '850511', unit: 'kg' }).map((o) => [
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

import { afterAll, describe, expect, it } from 'vitest';
import { FixtureServer, fixture, json } from '../helpers/fixture-server.js';
import type { ServiceProcess } from '../helpers/service-process.js';
import { useTempDir } from '../helpers/temp-dir.js';
import {
  FAKE_SECRETS,
  leakedSecrets,
  recordFigures,
  sleep,
  useProcesses,
  waitUntil,
} from './helpers/chaos.js';
import { writeWatchlists } from './helpers/scenario.js';

const WATCHLIST = `
- id: us-gasoline-to-canada
  title: US gasoline exports to Canada
  kind: trade
  source: census
  reporter: US
  partner: CA
  flow: export
  hs: ["2710121510"]
  rules: [{ type: drop, compare: previous-month, percent: 20 }]
`;
const EXPORTS = '/data/timeseries/intltrade/exports/hs';
const EVERY_2_S = '*/2 * * * * *';

const tempDir = useTempDir();
const processes = useProcesses('clock');
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

interface LogLine {
  time: string;
  msg: string;
  job?: string;
  reason?: string;
}

/** The scheduler's lines about the trade poll job, in order. */
function jobLines(service: ServiceProcess): LogLine[] {
  return service.stderr
    .split('\n')
    .flatMap((line): LogLine[] => {
      // The last line of a SIGKILLed process may be cut off.
      try {
        return line.startsWith('{') ? [JSON.parse(line) as LogLine] : [];
      } catch {
        return [];
      }
    })
    .filter((line) => line.job === 'poll-trade' || /overlap|still in progress/i.test(line.msg));
}

/** Starts without a finish in between: the job ran twice at once. */
function overlaps(lines: LogLine[]): number {
  let running = 0;
  let overlapping = 0;
  for (const line of lines) {
    if (line.msg === 'job started') {
      if (running > 0) overlapping++;
      running++;
    }
    if (line.msg === 'job finished' || line.msg === 'job failed') running = Math.max(0, running - 1);
  }
  return overlapping;
}

describe('clock: real processes on a 2-second schedule', () => {
  it('a poll that overruns its schedule never overlaps itself; a restart after downtime catches up once', async () => {
    const census = await FixtureServer.start();
    closers.push(() => census.close());
    const table = fixture('census/exports-hs_ALL_VAL_MO_HS10-2710121510_CTY1220_2025H1.json').toString();
    let delayMs = 5_000;
    let inFlight = 0;
    let maxInFlight = 0;
    census.route(EXPORTS, async (req, res) => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await sleep(delayMs);
      inFlight--;
      return json(JSON.parse(table))(req, res);
    });
    const dir = tempDir();
    const env = {
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_PATH: `${dir}/ree.db`,
      WATCHLISTS_FILE: writeWatchlists(dir, WATCHLIST),
      CENSUS_API_URL: census.url,
      CENSUS_API_KEY: FAKE_SECRETS.CENSUS_API_KEY,
      POLL_CRON: EVERY_2_S,
      NOTICE_POLL_CRON: '0 0 1 1 *',
    };

    // 1. Each poll takes 5 s on a 2 s schedule, for 14 s.
    const overrun = processes.spawn('overrun', ['start'], env);
    await overrun.waitFor(/scheduler started/, 'stderr', 60_000);
    await sleep(14_000);
    delayMs = 0;
    await waitUntil(() => inFlight === 0, 'the last slow answer', 10_000);
    await waitUntil(
      () => /"job":"poll-trade".*"msg":"job finished"/.test(overrun.stderr),
      'a finished poll',
      10_000,
    );
    overrun.kill('SIGKILL');
    await overrun.exited;
    const overrunLines = jobLines(overrun);
    const started = overrunLines.filter((line) => line.msg === 'job started').length;
    const skipped = overrunLines.filter((line) => /overlap|still in progress/i.test(line.msg)).length;

    // 2. Down for 7 s: three or more ticks missed.
    const downFrom = Date.now();
    await sleep(7_000);
    const missedTicks = Math.floor((Date.now() - downFrom) / 2_000);
    const restarted = processes.spawn('restart', ['start'], env);
    await restarted.waitFor(/scheduler started/, 'stderr', 60_000);
    await sleep(3_000);
    restarted.kill('SIGTERM');
    expect((await restarted.exited).code).toBe(0);
    const catchUps = jobLines(restarted).filter(
      (line) => line.msg === 'job started' && line.reason === 'catch-up',
    ).length;
    const leaks = processes.all().flatMap(({ process }) => leakedSecrets(process.stdout + process.stderr));

    recordFigures('clock', [
      {
        fault: 'clock',
        measure: 'a 5 s poll on a 2 s schedule for 14 s: runs / overlapping runs / concurrent requests',
        result: `${started} / ${overlaps(overrunLines)} / ${maxInFlight} (${skipped} ticks skipped and logged)`,
        expected: '≥ 2 / 0 / 1',
        ok: started >= 2 && overlaps(overrunLines) === 0 && maxInFlight === 1,
      },
      {
        fault: 'clock',
        measure: 'restart after downtime: missed ticks / catch-up runs',
        result: `${missedTicks} / ${catchUps}`,
        expected: `≥ 3 / 1`,
        ok: missedTicks >= 3 && catchUps === 1,
      },
    ]);

    expect(started).toBeGreaterThanOrEqual(2);
    expect(overlaps(overrunLines)).toBe(0);
    expect(maxInFlight).toBe(1);
    expect(missedTicks).toBeGreaterThanOrEqual(3);
    expect(catchUps).toBe(1);
    expect(leaks).toEqual([]);
  }, 150_000);
});

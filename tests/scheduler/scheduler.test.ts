import { describe, expect, it } from 'vitest';
import type { Job } from '../../src/scheduler/job.js';
import type { JobRunLedger } from '../../src/scheduler/ports.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { capturingLogger } from '../helpers/capture.js';
import { FakeClock } from '../helpers/fake-clock.js';
import { openTestStorage } from '../helpers/storage.js';

async function setup(jobs: Job[], given?: JobRunLedger, clock = new FakeClock()) {
  const runs = given ?? (await openTestStorage()).jobRuns;
  const { logger, output } = capturingLogger();
  const scheduler = new Scheduler({ jobs, timezone: 'UTC', clock, logger, runs });
  return { scheduler, runs, clock, output };
}

function deferred() {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { promise, release };
}

// A schedule that never fires during a test: tests trigger runs explicitly.
const YEARLY = '0 0 1 1 *';

describe('Scheduler', () => {
  it('never overlaps a job with itself: a tick during a run is skipped and logged', async () => {
    const gate = deferred();
    let starts = 0;
    const { scheduler, output } = await setup([
      {
        name: 'poll',
        cron: YEARLY,
        run: async () => {
          starts++;
          await gate.promise;
        },
      },
    ]);
    const first = scheduler.trigger('poll', 'scheduled');
    const second = scheduler.trigger('poll', 'scheduled');
    expect(scheduler.status()[0]?.running).toBe(true);
    gate.release();
    await Promise.all([first, second]);
    expect(starts).toBe(1);
    expect(output.text).toContain('previous run still in progress; this tick is skipped');
  });

  it('records each run, including a failure and its message', async () => {
    const { scheduler, runs } = await setup([
      { name: 'ok', cron: YEARLY, run: async () => {} },
      {
        name: 'bad',
        cron: YEARLY,
        run: async () => {
          throw new Error('source down');
        },
      },
    ]);
    await scheduler.trigger('ok');
    await scheduler.trigger('bad');
    expect((await runs.get('ok'))?.lastStatus).toBe('ok');
    expect(await runs.get('bad')).toMatchObject({ lastStatus: 'failed', lastError: 'source down' });
  });

  it('lets an in-flight run finish on stop, and aborts its signal so it can wrap up', async () => {
    const gate = deferred();
    let sawAbort = false;
    let finished = false;
    const { scheduler } = await setup([
      {
        name: 'send',
        cron: YEARLY,
        run: async (signal) => {
          signal.addEventListener('abort', () => {
            sawAbort = true;
            gate.release();
          });
          await gate.promise;
          finished = true;
        },
      },
    ]);
    await scheduler.start();
    const running = scheduler.trigger('send');
    await scheduler.stop(2_000);
    await running;
    expect(sawAbort).toBe(true);
    expect(finished).toBe(true);
  });

  it('catches up once after downtime that skipped several ticks, not once per tick', async () => {
    const runs = (await openTestStorage()).jobRuns;
    const clock = new FakeClock(Date.parse('2025-07-10T00:00:00Z'));
    // The last run said the next one was due 9 days ago: many hourly ticks were missed.
    await runs.started('poll', Date.parse('2025-07-01T00:00:00Z'));
    await runs.finished('poll', Date.parse('2025-07-01T00:00:05Z'), {
      nextDueAt: Date.parse('2025-07-01T01:00:00Z'),
    });
    let starts = 0;
    const { scheduler } = await setup(
      [
        {
          name: 'poll',
          cron: '0 * * * *',
          catchUp: true,
          run: async () => {
            starts++;
          },
        },
      ],
      runs,
      clock,
    );
    await scheduler.start();
    await scheduler.stop();
    expect(starts).toBe(1);
  });

  it('runs a catch-up job at once on a new install (no run recorded), then waits for its schedule', async () => {
    const runs = (await openTestStorage()).jobRuns;
    const clock = new FakeClock(Date.parse('2025-07-01T00:17:00Z'));
    const started: string[] = [];
    const { scheduler, output } = await setup(
      [
        { name: 'poll', cron: '0 */6 * * *', catchUp: true, run: async () => void started.push('poll') },
        { name: 'housekeeping', cron: '17 3 * * *', run: async () => void started.push('housekeeping') },
      ],
      runs,
      clock,
    );
    await scheduler.start();
    await scheduler.stop();
    expect(started).toEqual(['poll']);
    expect(output.text).toContain('"reason":"first-run"');
    expect((await runs.get('poll'))?.lastStatus).toBe('ok');
  });

  it('runs again at start when the first run never finished (the process stopped during it)', async () => {
    const runs = (await openTestStorage()).jobRuns;
    const clock = new FakeClock(Date.parse('2025-07-01T00:30:00Z'));
    await runs.started('poll', Date.parse('2025-07-01T00:00:00Z'));
    let starts = 0;
    const { scheduler } = await setup(
      [{ name: 'poll', cron: '0 */6 * * *', catchUp: true, run: async () => void starts++ }],
      runs,
      clock,
    );
    await scheduler.start();
    await scheduler.stop();
    expect(starts).toBe(1);
  });

  it('runs again at start when a scheduled run was cut short, though that run had claimed its tick', async () => {
    const runs = (await openTestStorage()).jobRuns;
    const clock = new FakeClock(Date.parse('2025-07-01T01:10:00Z'));
    await runs.started('poll', Date.parse('2025-07-01T00:00:00Z'));
    await runs.finished('poll', Date.parse('2025-07-01T00:00:05Z'), {
      nextDueAt: Date.parse('2025-07-01T01:00:00Z'),
    });
    // The 01:00 tick was claimed and its poll started; the process was killed during it.
    expect(await runs.claimTick('poll', Date.parse('2025-07-01T01:00:00Z'), 'killed', clock.now())).toBe(
      true,
    );
    await runs.started('poll', Date.parse('2025-07-01T01:00:00.040Z'), 'killed');
    let starts = 0;
    const { scheduler, output } = await setup(
      [{ name: 'poll', cron: '0 * * * *', catchUp: true, run: async () => void starts++ }],
      runs,
      clock,
    );
    await scheduler.start();
    await scheduler.stop();
    expect(starts).toBe(1);
    expect(output.text).toContain('"reason":"catch-up"');
    expect((await runs.get('poll'))?.lastStatus).toBe('ok');
  });

  it('does not catch up when nothing was missed', async () => {
    const runs = (await openTestStorage()).jobRuns;
    const clock = new FakeClock(Date.parse('2025-07-01T00:30:00Z'));
    await runs.started('poll', Date.parse('2025-07-01T00:00:00Z'));
    await runs.finished('poll', Date.parse('2025-07-01T00:00:05Z'), {
      nextDueAt: Date.parse('2025-07-01T01:00:00Z'),
    });
    let starts = 0;
    const { scheduler } = await setup(
      [
        {
          name: 'poll',
          cron: '0 * * * *',
          catchUp: true,
          run: async () => {
            starts++;
          },
        },
      ],
      runs,
      clock,
    );
    await scheduler.start();
    await scheduler.stop();
    expect(starts).toBe(0);
  });

  it('refuses duplicate job names and invalid cron expressions up front', async () => {
    const run = async () => {};
    await expect(
      setup([
        { name: 'a', cron: YEARLY, run },
        { name: 'a', cron: YEARLY, run },
      ]),
    ).rejects.toThrow(/two scheduled jobs are named "a"/);
    await expect(setup([{ name: 'b', cron: 'every hour', run }])).rejects.toThrow(
      /job "b" has an invalid cron expression/,
    );
  });
});

import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/clock.js';
import { silentLogger } from '../../src/logger.js';
import { HeldLocks, schedulerLock } from '../../src/replica.js';
import type { Job } from '../../src/scheduler/job.js';
import { Scheduler } from '../../src/scheduler/scheduler.js';
import { openTestStorage, type TestStorage } from '../helpers/storage.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const opened: { scheduler: Scheduler; storage: TestStorage }[] = [];
afterEach(async () => {
  for (const { scheduler, storage } of opened.splice(0)) {
    await scheduler.stop(1_000);
    await storage.close();
  }
});

/** One replica: its own connection to the shared database file, its own scheduler and held locks. */
async function replica(path: string, id: string, jobs: Job[]) {
  const storage = await openTestStorage({ path });
  const locks = new HeldLocks();
  const scheduler = new Scheduler({
    jobs,
    timezone: 'UTC',
    clock: systemClock,
    logger: silentLogger(),
    runs: storage.jobRuns,
    replica: { id, locks, shared: true },
  });
  opened.push({ scheduler, storage });
  return { scheduler, storage, locks };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('scheduled jobs across replicas sharing one database', () => {
  it('runs each tick on exactly one replica, every tick', { timeout: 20_000 }, async () => {
    const path = join(tempDir(), 'shared.db');
    const runs: { replica: string; second: number }[] = [];
    const job = (id: string): Job => ({
      name: 'poll',
      // Every second, so a few seconds show many ticks.
      cron: '* * * * * *',
      run: async () => {
        runs.push({ replica: id, second: Math.floor(Date.now() / 1000) });
      },
    });
    const a = await replica(path, 'replica-a', [job('replica-a')]);
    const b = await replica(path, 'replica-b', [job('replica-b')]);
    await Promise.all([a.scheduler.start(), b.scheduler.start()]);
    await sleep(4_500);
    await Promise.all([a.scheduler.stop(1_000), b.scheduler.stop(1_000)]);

    const claimed = await a.storage.sql.all<{ tick: number; replica: string }>(
      "SELECT tick, replica FROM job_ticks WHERE job = 'poll' ORDER BY tick",
    );
    // Both replicas' crons fired every second; one run per tick, no tick twice, none lost.
    expect(claimed.length).toBeGreaterThanOrEqual(3);
    expect(runs).toHaveLength(claimed.length);
    expect(new Set(runs.map((run) => run.second)).size).toBe(runs.length);
    const ticks = claimed.map((row) => Number(row.tick));
    for (const [index, tick] of ticks.entries())
      if (index > 0) expect(tick - (ticks[index - 1] ?? 0)).toBe(1_000);
    expect(claimed.map((row) => row.replica).sort()).toEqual(runs.map((run) => run.replica).sort());
  });

  /** The last run said the next was due an hour ago (`due`, its tick). */
  const missedWhileDown = async (runs: TestStorage['jobRuns'], due = Date.now() - 3_600_000) => {
    await runs.started('poll-trade', due - 6 * 3_600_000, 'replica-old');
    await runs.finished('poll-trade', due - 6 * 3_600_000, { nextDueAt: due });
  };
  /** The missed tick was claimed and its poll started by `replica`, which then died (or is still at it). */
  const startedBy = (replica: string) => async (runs: TestStorage['jobRuns']) => {
    // One moment for the tick the last run named and the tick claimed: the same tick.
    const due = Date.now() - 3_600_000;
    await missedWhileDown(runs, due);
    await runs.claimTick('poll-trade', due, replica, due);
    await runs.started('poll-trade', due + 40, replica);
  };
  it.each([
    ['a tick missed while every replica was down', missedWhileDown],
    // Restarted under the same REPLICA_ID, it knows its run was cut short.
    ["a tick whose poll was cut short by replica-a's death", startedBy('replica-a')],
  ])('catches up %s once, however many replicas start together', async (_, seedRuns) => {
    const path = join(tempDir(), 'shared.db');
    const seed = await openTestStorage({ path });
    await seedRuns(seed.jobRuns);
    await seed.close();

    const ran: string[] = [];
    const heldDuringRun: string[][] = [];
    const replicas = await Promise.all(
      ['replica-a', 'replica-b', 'replica-c'].map(async (id) => {
        const made: { locks?: HeldLocks } = {};
        const r = await replica(path, id, [
          {
            name: 'poll-trade',
            cron: '0 0 1 1 *',
            catchUp: true,
            run: async () => {
              ran.push(id);
              heldDuringRun.push(made.locks?.list() ?? []);
              await sleep(200);
            },
          },
        ]);
        made.locks = r.locks;
        return r;
      }),
    );
    await Promise.all(replicas.map((r) => r.scheduler.start()));
    await sleep(1_000);

    expect(ran).toHaveLength(1);
    // The replica that ran it held the scheduler lock meanwhile, and says so on /healthz; not after.
    expect(heldDuringRun).toEqual([[schedulerLock('poll-trade')]]);
    for (const r of replicas) expect(r.locks.list()).toEqual([]);
    const last = await replicas[0]?.storage.jobRuns.get('poll-trade');
    expect(last?.lastReplica).toBe(ran[0]);
    expect(last?.lastStatus).toBe('ok');
  });

  it('leaves a poll another replica started unfinished to the next tick: it may still be running', async () => {
    const path = join(tempDir(), 'shared.db');
    const seed = await openTestStorage({ path });
    await startedBy('replica-elsewhere')(seed.jobRuns);
    await seed.close();
    let runs = 0;
    const r = await replica(path, 'replica-a', [
      { name: 'poll-trade', cron: '0 0 1 1 *', catchUp: true, run: async () => void runs++ },
    ]);
    await r.scheduler.start();
    await sleep(500);
    expect(runs).toBe(0);
    expect((await r.storage.jobRuns.get('poll-trade'))?.lastReplica).toBe('replica-elsewhere');
  });
});

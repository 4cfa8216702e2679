import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { JobRun } from '../model/job.js';
import { schedulerLock } from '../replica.js';
import type { Job } from './job.js';
import type { JobRunLedger } from './ports.js';

export interface JobStatus {
  name: string;
  cron: string;
  running: boolean;
  nextRunAt: number | null;
}

export type TriggerReason = 'scheduled' | 'first-run' | 'catch-up' | 'manual';

/** A run due as the scheduler starts, and the tick the replicas claim for it. */
interface DueAtStart {
  reason: TriggerReason;
  tick: number;
}

export interface SchedulerOptions {
  jobs: readonly Job[];
  timezone: string;
  clock: Clock;
  logger: Logger;
  runs: JobRunLedger;
  /**
   * This replica among those sharing the database (REPLICA_ID): each scheduled tick runs on the one
   * replica that claims it; while it runs, the replica holds `scheduler:<job>` (shown on /healthz).
   */
  replica?: {
    id: string;
    locks?: { hold(name: string): () => void };
    /**
     * Other replicas may run this schedule on the same database (PostgreSQL). Without them (SQLite:
     * one service per database), a run found unfinished at start can only have been cut short.
     */
    shared?: boolean;
  };
}

/**
 * Runs jobs on their cron schedules. A job never overlaps itself: a tick that arrives while the
 * previous run is still going is skipped and logged. `stop()` lets in-flight runs finish. With several
 * replicas on one database, every replica's cron fires, but each tick (and each catch-up of a missed
 * one) is claimed in the database first, so exactly one of them runs it.
 */
export class Scheduler {
  private readonly tasks = new Map<string, ScheduledTask>();
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private readonly jobs: Map<string, Job>;

  constructor(private readonly options: SchedulerOptions) {
    this.jobs = new Map();
    for (const job of options.jobs) {
      if (this.jobs.has(job.name)) throw new Error(`two scheduled jobs are named "${job.name}"`);
      if (!cron.validate(job.cron))
        throw new Error(`job "${job.name}" has an invalid cron expression "${job.cron}"`);
      this.jobs.set(job.name, job);
    }
  }

  async start(): Promise<void> {
    const log = this.options.logger;
    cron.setLogger({
      info: (message) => log.debug({ component: 'node-cron' }, message),
      warn: (message) => log.warn({ component: 'node-cron' }, message),
      error: (message) => log.error({ component: 'node-cron' }, String(message)),
      debug: (message) => log.trace({ component: 'node-cron' }, String(message)),
    });
    const due = new Map<string, DueAtStart>();
    for (const job of this.jobs.values()) {
      const run = job.catchUp ? await this.dueAtStart(job.name) : undefined;
      if (run) due.set(job.name, run);
    }
    for (const job of this.jobs.values()) {
      // node-cron passes the tick's scheduled time (whole seconds): the same on every replica.
      const task = cron.createTask(
        job.cron,
        (context) => this.trigger(job.name, 'scheduled', context.date.getTime()),
        {
          name: job.name,
          timezone: this.options.timezone,
          noOverlap: true,
          suppressMissedWarning: true,
        },
      );
      this.tasks.set(job.name, task);
      void task.start();
      const run = due.get(job.name);
      if (run) void this.trigger(job.name, run.reason, run.tick);
    }
    log.info(
      {
        jobs: this.status().map(({ name, cron: expression, nextRunAt }) => ({
          name,
          cron: expression,
          nextRunAt: iso(nextRunAt),
        })),
      },
      'scheduler started',
    );
  }

  /**
   * Runs a job now unless it is already running; resolves when that run (or the one in flight) ends.
   * With a `tick` (the scheduled time it stands for), only if this replica claims that tick.
   */
  trigger(name: string, reason: TriggerReason = 'manual', tick?: number): Promise<void> {
    const job = this.jobs.get(name);
    if (!job) return Promise.reject(new Error(`no scheduled job is named "${name}"`));
    const running = this.inFlight.get(name);
    if (running) {
      this.options.logger.warn({ job: name, reason }, 'previous run still in progress; this tick is skipped');
      return running;
    }
    if (this.abort.signal.aborted) return Promise.resolve();
    const run = this.execute(job, reason, tick).finally(() => this.inFlight.delete(name));
    this.inFlight.set(name, run);
    return run;
  }

  status(): JobStatus[] {
    return [...this.jobs.values()].map((job) => {
      const next = this.tasks.get(job.name)?.getNextRun();
      return {
        name: job.name,
        cron: job.cron,
        running: this.inFlight.has(job.name),
        nextRunAt: next ? next.getTime() : null,
      };
    });
  }

  /** Stops scheduling, signals running jobs to wrap up, and waits for them up to `timeoutMs`. */
  async stop(timeoutMs = 4_000): Promise<void> {
    for (const task of this.tasks.values()) await task.destroy();
    this.tasks.clear();
    this.abort.abort();
    const pending = [...this.inFlight.values()];
    if (pending.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeoutMs);
    });
    const outcome = await Promise.race([Promise.allSettled(pending).then(() => 'done' as const), timedOut]);
    clearTimeout(timer);
    if (outcome === 'timeout') {
      this.options.logger.warn(
        { jobs: [...this.inFlight.keys()] },
        `jobs still running after ${timeoutMs} ms; stopping anyway`,
      );
    }
  }

  private async execute(job: Job, reason: TriggerReason, tick: number | undefined): Promise<void> {
    const { logger, replica } = this.options;
    const log = logger.child({ job: job.name });
    if (tick !== undefined && !(await this.claim(job.name, tick, log))) return;
    const release = replica?.locks?.hold(schedulerLock(job.name));
    try {
      await this.runClaimed(job, reason, log);
    } finally {
      release?.();
    }
  }

  /** True when this replica took the tick; false when another did, or the database could not say. */
  private async claim(name: string, tick: number, log: Logger): Promise<boolean> {
    const { clock, runs, replica } = this.options;
    try {
      const won = await runs.claimTick(name, tick, replica?.id ?? 'this-process', clock.now());
      if (!won) log.debug({ tick: iso(tick) }, 'another replica runs this tick');
      return won;
    } catch (cause) {
      // Skipped rather than run unclaimed: another replica may be running it.
      log.error({ err: cause, tick: iso(tick) }, 'could not claim the tick; skipped');
      return false;
    }
  }

  private async runClaimed(job: Job, reason: TriggerReason, log: Logger): Promise<void> {
    const { clock, runs, replica } = this.options;
    const startedAt = clock.now();
    // Recorded beside the run, not before it: the job starts at once, as the tick asked.
    const recorded = runs
      .started(job.name, startedAt, replica?.id ?? null)
      .catch((cause: unknown) => log.error({ err: cause }, 'could not record the start of the job'));
    log.info({ reason }, 'job started');
    let error: string | undefined;
    try {
      await job.run(this.abort.signal);
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
      log.error({ err: cause }, 'job failed');
    }
    await recorded;
    const finishedAt = clock.now();
    const next = this.tasks.get(job.name)?.getNextRun();
    try {
      await runs.finished(job.name, finishedAt, { error, nextDueAt: next ? next.getTime() : null });
    } catch (cause) {
      log.error({ err: cause }, 'could not record the end of the job');
    }
    if (error === undefined) log.info({ ms: finishedAt - startedAt }, 'job finished');
  }

  /**
   * Why a catch-up job runs as soon as the service starts: it never finished a run (a new install, or
   * the first run was cut short), its last run was cut short, or the schedule wanted it while the
   * service was down. The tick is what the replicas starting together claim, so one of them runs it:
   * the missed scheduled time, or the start of the run that was cut short (0 when none ever started).
   * A run cut short had claimed its own tick, so its redo claims the run's start instead: that tick
   * being taken must not stop the redo. A run is known cut short when no other replica could be
   * running it (SQLite), or when this replica started it (a restart under the same REPLICA_ID);
   * a run another replica started is left to the next tick, since it may still be going. A first run
   * is redone whoever started it: a replica that starts during another's first run runs it once more.
   */
  private async dueAtStart(name: string): Promise<DueAtStart | undefined> {
    const last = await this.options.runs.get(name);
    if (!last || last.lastFinishedAt === null) return { reason: 'first-run', tick: last?.lastStartedAt ?? 0 };
    if (last.lastStartedAt !== null && last.lastStartedAt > last.lastFinishedAt && this.cutShort(last))
      return { reason: 'catch-up', tick: last.lastStartedAt };
    if (last.nextDueAt === null || last.nextDueAt <= this.options.clock.now())
      return { reason: 'catch-up', tick: last.nextDueAt ?? last.lastFinishedAt };
    return undefined;
  }

  /** Whether an unfinished run can only have been cut short, rather than be still going elsewhere. */
  private cutShort(last: JobRun): boolean {
    const replica = this.options.replica;
    return !replica?.shared || last.lastReplica === replica.id;
  }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

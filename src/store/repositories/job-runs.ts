import type { JobRun } from '../../model/job.js';
import type { Sql } from '../sql.js';

interface JobRunRow {
  name: string;
  last_started_at: number | null;
  last_finished_at: number | null;
  last_status: JobRun['lastStatus'];
  last_error: string | null;
  next_due_at: number | null;
  last_replica: string | null;
}

/** Claimed ticks are kept this long, far longer than any clock skew between replicas. */
const TICK_RETENTION_MS = 7 * 24 * 3_600_000;

/** Bookkeeping of scheduled jobs, persisted so a restart knows what it missed. */
export class JobRunRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * Takes the job's tick (its scheduled time) for `replica`: true for the one replica whose insert
   * made the row, false for every other. One statement, so two replicas can never both win.
   */
  async claimTick(name: string, tick: number, replica: string, at: number): Promise<boolean> {
    const won = await this.sql.get<{ replica: string }>(
      `INSERT INTO job_ticks (job, tick, replica, claimed_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (job, tick) DO NOTHING RETURNING replica`,
      [name, tick, replica, at],
    );
    if (won)
      await this.sql.run('DELETE FROM job_ticks WHERE job = ? AND tick < ?', [
        name,
        tick - TICK_RETENTION_MS,
      ]);
    return won !== undefined;
  }

  async started(name: string, at: number, replica: string | null = null): Promise<void> {
    await this.sql.run(
      `INSERT INTO job_runs (name, last_started_at, last_status, last_replica) VALUES (?, ?, 'running', ?)
       ON CONFLICT (name) DO UPDATE SET last_started_at = excluded.last_started_at, last_status = 'running',
         last_replica = excluded.last_replica`,
      [name, at, replica],
    );
  }

  async finished(
    name: string,
    at: number,
    outcome: { error?: string; nextDueAt: number | null },
  ): Promise<void> {
    await this.sql.run(
      'UPDATE job_runs SET last_finished_at = ?, last_status = ?, last_error = ?, next_due_at = ? WHERE name = ?',
      [at, outcome.error === undefined ? 'ok' : 'failed', outcome.error ?? null, outcome.nextDueAt, name],
    );
  }

  async get(name: string): Promise<JobRun | undefined> {
    const row = await this.sql.get<JobRunRow>('SELECT * FROM job_runs WHERE name = ?', [name]);
    if (!row) return undefined;
    return {
      name: row.name,
      lastStartedAt: row.last_started_at,
      lastFinishedAt: row.last_finished_at,
      lastStatus: row.last_status,
      lastError: row.last_error,
      nextDueAt: row.next_due_at,
      lastReplica: row.last_replica,
    };
  }
}

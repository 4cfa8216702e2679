import type { JobRun } from '../../model/job.js';
import type { Sql } from '../sql.js';

interface JobRunRow {
  name: string;
  last_started_at: number | null;
  last_finished_at: number | null;
  last_status: JobRun['lastStatus'];
  last_error: string | null;
  next_due_at: number | null;
}

/** Bookkeeping of scheduled jobs, persisted so a restart knows what it missed. */
export class JobRunRepository {
  constructor(private readonly sql: Sql) {}

  async started(name: string, at: number): Promise<void> {
    await this.sql.run(
      `INSERT INTO job_runs (name, last_started_at, last_status) VALUES (?, ?, 'running')
       ON CONFLICT (name) DO UPDATE SET last_started_at = excluded.last_started_at, last_status = 'running'`,
      [name, at],
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
    };
  }
}

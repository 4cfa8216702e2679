import type { JobRun } from '../model/job.js';
import type { Db } from './db.js';

interface JobRunRow {
  name: string;
  last_started_at: number | null;
  last_finished_at: number | null;
  last_status: JobRun['lastStatus'];
  last_error: string | null;
  next_due_at: number | null;
}

/** Bookkeeping of scheduled jobs, persisted so a restart knows what it missed. */
export class JobRunStore {
  private readonly startStatement;
  private readonly finishStatement;
  private readonly getStatement;

  constructor(db: Db) {
    this.startStatement = db.prepare(`
      INSERT INTO job_runs (name, last_started_at, last_status) VALUES (?, ?, 'running')
      ON CONFLICT (name) DO UPDATE SET last_started_at = excluded.last_started_at, last_status = 'running'`);
    this.finishStatement = db.prepare(`
      UPDATE job_runs SET last_finished_at = @at, last_status = @status, last_error = @error, next_due_at = @nextDueAt
      WHERE name = @name`);
    this.getStatement = db.prepare('SELECT * FROM job_runs WHERE name = ?');
  }

  started(name: string, at: number): void {
    this.startStatement.run(name, at);
  }

  finished(name: string, at: number, outcome: { error?: string; nextDueAt: number | null }): void {
    this.finishStatement.run({
      name,
      at,
      status: outcome.error === undefined ? 'ok' : 'failed',
      error: outcome.error ?? null,
      nextDueAt: outcome.nextDueAt,
    });
  }

  get(name: string): JobRun | undefined {
    const row = this.getStatement.get(name) as JobRunRow | undefined;
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

import type { JobRun } from '../model/job.js';

/** Where the scheduler keeps each job's runs, so a restart knows what it missed (implemented by src/store/). */
export interface JobRunLedger {
  started(name: string, at: number): Promise<void>;
  finished(name: string, at: number, outcome: { error?: string; nextDueAt: number | null }): Promise<void>;
  get(name: string): Promise<JobRun | undefined>;
}

import type { JobRun } from '../model/job.js';

/** Where the scheduler keeps each job's runs, so a restart knows what it missed (implemented by src/store/). */
export interface JobRunLedger {
  /** True when this replica took the job's tick (its scheduled time), false when another had. */
  claimTick(name: string, tick: number, replica: string, at: number): Promise<boolean>;
  started(name: string, at: number, replica?: string | null): Promise<void>;
  finished(name: string, at: number, outcome: { error?: string; nextDueAt: number | null }): Promise<void>;
  get(name: string): Promise<JobRun | undefined>;
}

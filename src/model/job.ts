/** The bookkeeping of one scheduled job, persisted so a restart knows what it missed. */
export interface JobRun {
  name: string;
  lastStartedAt: number | null;
  lastFinishedAt: number | null;
  lastStatus: 'ok' | 'failed' | 'running' | null;
  lastError: string | null;
  /** When the schedule next wanted to run the job, as of the last run; used to catch up after downtime. */
  nextDueAt: number | null;
  /** Which replica started the last run (REPLICA_ID), when it was recorded. */
  lastReplica: string | null;
}

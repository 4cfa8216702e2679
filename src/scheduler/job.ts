/** A scheduled job is data: a name, a cron expression and the work. The scheduler owns timing. */
export interface Job {
  name: string;
  cron: string;
  /** The signal aborts when the service shuts down; long work should check it between steps. */
  run(signal: AbortSignal): Promise<void>;
  /**
   * Run once as soon as the service starts when the job has never finished a run (a new install), or
   * when downtime skipped one or more ticks (once, never once per missed tick); then on the schedule.
   */
  catchUp?: boolean;
}

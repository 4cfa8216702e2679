/** A scheduled job is data: a name, a cron expression and the work. The scheduler owns timing. */
export interface Job {
  name: string;
  cron: string;
  /** The signal aborts when the service shuts down; long work should check it between steps. */
  run(signal: AbortSignal): Promise<void>;
  /** After downtime that skipped one or more ticks, run once at start (never once per missed tick). */
  catchUp?: boolean;
}

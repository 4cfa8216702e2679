/**
 * Scheduled ticks claimed across replicas: the first replica to insert (job, tick) runs it, every
 * other finds the row there and skips it. `job_runs` remembers which replica ran each job last.
 */
export const jobTicks = `
CREATE TABLE job_ticks (
  job TEXT NOT NULL,
  tick INTEGER NOT NULL,
  replica TEXT NOT NULL,
  claimed_at INTEGER NOT NULL,
  PRIMARY KEY (job, tick)
);
ALTER TABLE job_runs ADD COLUMN last_replica TEXT;
`;

export const jobTicksPostgres = `
CREATE TABLE job_ticks (
  job TEXT NOT NULL,
  tick BIGINT NOT NULL,
  replica TEXT NOT NULL,
  claimed_at BIGINT NOT NULL,
  PRIMARY KEY (job, tick)
);
ALTER TABLE job_runs ADD COLUMN last_replica TEXT;
`;

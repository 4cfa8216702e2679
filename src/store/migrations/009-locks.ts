/**
 * Named locks held across processes: a lease row per lock, taken by inserting it (or by replacing a
 * lease whose holder let it run out), renewed while held and deleted when done. A holder that dies
 * stops renewing, so its lease ends by itself.
 */
export const locks = `
CREATE TABLE locks (
  name TEXT PRIMARY KEY,
  owner TEXT NOT NULL,
  until INTEGER NOT NULL
);
`;

/** The same step in PostgreSQL's dialect. */
export const locksPostgres = `
CREATE TABLE locks (
  name text PRIMARY KEY,
  owner text NOT NULL,
  until bigint NOT NULL
);
`;

/**
 * What the sources need to be polite across restarts: the requests made per host (the per-host
 * budget survives `ree-watch poll` runs) and which dataset release each series was last fetched at.
 */
export const sourceBookkeeping = `
CREATE TABLE http_requests (
  host TEXT NOT NULL,
  at INTEGER NOT NULL
);
CREATE INDEX http_requests_host_at ON http_requests (host, at);

CREATE TABLE source_releases (
  request_key TEXT NOT NULL,
  period TEXT NOT NULL,
  release TEXT NOT NULL,
  checked_at INTEGER NOT NULL,
  PRIMARY KEY (request_key, period)
) WITHOUT ROWID;
`;

/** The same step in PostgreSQL's dialect. */
export const sourceBookkeepingPostgres = `
CREATE TABLE http_requests (
  host text NOT NULL,
  at bigint NOT NULL
);
CREATE INDEX http_requests_host_at ON http_requests (host, at);

CREATE TABLE source_releases (
  request_key text NOT NULL,
  period text NOT NULL,
  release text NOT NULL,
  checked_at bigint NOT NULL,
  PRIMARY KEY (request_key, period)
);
`;

/**
 * The request log gets a real id column (it was read by SQLite's rowid, which no other database has):
 * the same numbers, so a process reading "the requests logged since id N" goes on where it was.
 */
export const httpRequestIds = `
CREATE TABLE http_requests_with_ids (
  id INTEGER PRIMARY KEY,
  host TEXT NOT NULL,
  at INTEGER NOT NULL
);
INSERT INTO http_requests_with_ids (id, host, at) SELECT rowid, host, at FROM http_requests;
DROP TABLE http_requests;
ALTER TABLE http_requests_with_ids RENAME TO http_requests;
CREATE INDEX http_requests_host_at ON http_requests (host, at);
`;

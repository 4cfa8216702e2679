/** Trade observations, policy notices, and what we know about each source's health. */
export const tradeData = `
CREATE TABLE series (
  id INTEGER PRIMARY KEY,
  source TEXT NOT NULL,
  reporter TEXT NOT NULL,
  partner TEXT NOT NULL,
  flow TEXT NOT NULL CHECK (flow IN ('export', 'import')),
  hs TEXT NOT NULL,
  unit TEXT NOT NULL,
  UNIQUE (source, reporter, partner, flow, hs, unit)
);
CREATE INDEX series_partner ON series (partner, reporter);

CREATE TABLE observations (
  series_id INTEGER NOT NULL REFERENCES series (id),
  period TEXT NOT NULL CHECK (period GLOB '[12][0-9][0-9][0-9]-[01][0-9]'),
  value REAL,
  status TEXT NOT NULL DEFAULT 'reported' CHECK (status IN ('reported', 'suppressed', 'estimated')),
  fetched_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (series_id, period)
) WITHOUT ROWID;

CREATE TABLE observation_revisions (
  id INTEGER PRIMARY KEY,
  series_id INTEGER NOT NULL REFERENCES series (id),
  period TEXT NOT NULL,
  old_value REAL,
  new_value REAL,
  old_status TEXT NOT NULL,
  new_status TEXT NOT NULL,
  revised_at INTEGER NOT NULL
);
CREATE INDEX observation_revisions_series ON observation_revisions (series_id, period);

CREATE TABLE notices (
  source TEXT NOT NULL,
  id TEXT NOT NULL,
  title TEXT NOT NULL,
  url TEXT NOT NULL,
  published_at INTEGER,
  agency TEXT,
  summary TEXT,
  first_seen_at INTEGER NOT NULL,
  fetched_at INTEGER NOT NULL,
  PRIMARY KEY (source, id)
);
CREATE INDEX notices_published ON notices (published_at DESC);

CREATE TABLE source_health (
  source TEXT PRIMARY KEY,
  healthy INTEGER NOT NULL DEFAULT 1,
  last_attempt_at INTEGER,
  last_success_at INTEGER,
  last_error_at INTEGER,
  last_error TEXT,
  consecutive_failures INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  last_stored INTEGER
);

CREATE TABLE http_cache (
  url TEXT PRIMARY KEY,
  etag TEXT,
  last_modified TEXT,
  checked_at INTEGER NOT NULL
);
`;

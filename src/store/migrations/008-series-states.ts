/**
 * One row per trade series that is alerting: the newest month seen and what the channels were last
 * told (month, figure, when), so the next month is judged against it. Series alerting before this
 * table existed start from their firing alerts: their newest month, told when last notified.
 */
export const seriesStates = `
CREATE TABLE series_states (
  watchlist TEXT NOT NULL,
  subject TEXT NOT NULL,
  period TEXT,
  told_period TEXT,
  told_value REAL,
  told_at INTEGER,
  updated_at INTEGER NOT NULL,
  PRIMARY KEY (watchlist, subject)
);
INSERT INTO series_states (watchlist, subject, period, told_period, told_value, told_at, updated_at)
SELECT watchlist, subject, MAX(period), MAX(period), NULL, MAX(last_notified_at), MAX(last_seen_at)
FROM alerts WHERE state = 'firing' GROUP BY watchlist, subject;
`;

/** The same step in PostgreSQL's dialect. */
export const seriesStatesPostgres = `
CREATE TABLE series_states (
  watchlist text NOT NULL,
  subject text NOT NULL,
  period text,
  told_period text,
  told_value double precision,
  told_at bigint,
  updated_at bigint NOT NULL,
  PRIMARY KEY (watchlist, subject)
);
INSERT INTO series_states (watchlist, subject, period, told_period, told_value, told_at, updated_at)
SELECT watchlist, subject, MAX(period), MAX(period), NULL, MAX(last_notified_at), MAX(last_seen_at)
FROM alerts WHERE state = 'firing' GROUP BY watchlist, subject;
`;

/**
 * What a trade source knows beyond its figures, so a missing month is never read as a zero: the months
 * each reporter has published (Comtrade's availability list), the months each route was asked for and
 * answered (a month answered without a row is "no trade recorded"), and how far each source's history
 * backfill is. Plain tables and types only: the store is to be ported to PostgreSQL.
 */
export const tradeCoverage = `
CREATE TABLE trade_availability (
  source TEXT NOT NULL,
  reporter TEXT NOT NULL,
  period TEXT NOT NULL,
  release_marker TEXT NOT NULL,
  checked_at INTEGER NOT NULL,
  PRIMARY KEY (source, reporter, period)
);

CREATE TABLE trade_coverage (
  source TEXT NOT NULL,
  reporter TEXT NOT NULL,
  partner TEXT NOT NULL,
  flow TEXT NOT NULL,
  hs TEXT NOT NULL,
  period TEXT NOT NULL,
  answered_at INTEGER NOT NULL,
  PRIMARY KEY (source, reporter, partner, flow, hs, period)
);

CREATE TABLE source_backfill (
  source TEXT PRIMARY KEY,
  months_done INTEGER NOT NULL,
  months_total INTEGER NOT NULL,
  updated_at INTEGER NOT NULL
);
`;

/** The same step in PostgreSQL's dialect. */
export const tradeCoveragePostgres = `
CREATE TABLE trade_availability (
  source text NOT NULL,
  reporter text NOT NULL,
  period text NOT NULL,
  release_marker text NOT NULL,
  checked_at bigint NOT NULL,
  PRIMARY KEY (source, reporter, period)
);

CREATE TABLE trade_coverage (
  source text NOT NULL,
  reporter text NOT NULL,
  partner text NOT NULL,
  flow text NOT NULL,
  hs text NOT NULL,
  period text NOT NULL,
  answered_at bigint NOT NULL,
  PRIMARY KEY (source, reporter, partner, flow, hs, period)
);

CREATE TABLE source_backfill (
  source text PRIMARY KEY,
  months_done integer NOT NULL,
  months_total integer NOT NULL,
  updated_at bigint NOT NULL
);
`;

/**
 * The chat platforms' posting limits as state every replica shares: one row per limited scope (a
 * Slack channel, the Slack workspace, Discord's global limit, …) holding when its next send may go
 * and until when a 429's Retry-After pauses it. Advanced by one upsert per send.
 */
export const rateSlots = `
CREATE TABLE rate_slots (
  scope TEXT PRIMARY KEY,
  interval_ms INTEGER NOT NULL,
  next_at INTEGER NOT NULL,
  blocked_until INTEGER NOT NULL DEFAULT 0
);
`;

export const rateSlotsPostgres = `
CREATE TABLE rate_slots (
  scope TEXT PRIMARY KEY,
  interval_ms BIGINT NOT NULL,
  next_at BIGINT NOT NULL,
  blocked_until BIGINT NOT NULL DEFAULT 0
);
`;

/** Subscriptions, mutes, alert lifecycle, the outbox, and scheduler bookkeeping. */
export const delivery = `
CREATE TABLE subscriptions (
  platform TEXT NOT NULL CHECK (platform IN ('slack', 'discord', 'console')),
  channel TEXT NOT NULL,
  watchlist TEXT NOT NULL,
  created_by TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (platform, channel, watchlist)
);
CREATE INDEX subscriptions_watchlist ON subscriptions (watchlist);

CREATE TABLE channel_health (
  platform TEXT NOT NULL,
  channel TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('ok', 'failing')),
  reason TEXT,
  since INTEGER NOT NULL,
  PRIMARY KEY (platform, channel)
);

CREATE TABLE subscription_events (
  id INTEGER PRIMARY KEY,
  platform TEXT NOT NULL,
  channel TEXT NOT NULL,
  watchlist TEXT,
  action TEXT NOT NULL,
  actor TEXT,
  detail TEXT,
  at INTEGER NOT NULL
);
CREATE INDEX subscription_events_channel ON subscription_events (platform, channel, at);

CREATE TABLE mutes (
  platform TEXT NOT NULL,
  channel TEXT NOT NULL,
  watchlist TEXT NOT NULL,
  until INTEGER NOT NULL,
  created_by TEXT,
  created_at INTEGER NOT NULL,
  PRIMARY KEY (platform, channel, watchlist)
);

CREATE TABLE alerts (
  dedup_key TEXT PRIMARY KEY,
  watchlist TEXT NOT NULL,
  rule TEXT NOT NULL,
  subject TEXT NOT NULL,
  period TEXT,
  state TEXT NOT NULL CHECK (state IN ('firing', 'resolved')),
  severity TEXT NOT NULL DEFAULT 'warning',
  detail TEXT NOT NULL,
  first_seen_at INTEGER NOT NULL,
  last_seen_at INTEGER NOT NULL,
  last_notified_at INTEGER,
  resolved_at INTEGER
);
CREATE INDEX alerts_watchlist_state ON alerts (watchlist, state);

CREATE TABLE rule_skips (
  watchlist TEXT NOT NULL,
  rule TEXT NOT NULL,
  subject TEXT NOT NULL,
  period TEXT,
  reason TEXT NOT NULL,
  at INTEGER NOT NULL,
  PRIMARY KEY (watchlist, rule, subject)
);

CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  idempotency_key TEXT NOT NULL UNIQUE,
  platform TEXT NOT NULL,
  channel TEXT NOT NULL,
  payload TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  not_before INTEGER NOT NULL,
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'delivered', 'failed', 'expired')),
  attempts INTEGER NOT NULL DEFAULT 0,
  lease_owner TEXT,
  lease_until INTEGER,
  last_error TEXT,
  delivered_at INTEGER,
  external_id TEXT
);
CREATE INDEX outbox_due ON outbox (state, not_before);
CREATE INDEX outbox_channel ON outbox (platform, channel, state);

CREATE TABLE delivery_attempts (
  id INTEGER PRIMARY KEY,
  outbox_id INTEGER NOT NULL REFERENCES outbox (id),
  at INTEGER NOT NULL,
  outcome TEXT NOT NULL CHECK (outcome IN ('delivered', 'rate-limited', 'transient', 'permanent', 'expired')),
  detail TEXT
);
CREATE INDEX delivery_attempts_outbox ON delivery_attempts (outbox_id);

CREATE TABLE job_runs (
  name TEXT PRIMARY KEY,
  last_started_at INTEGER,
  last_finished_at INTEGER,
  last_status TEXT,
  last_error TEXT,
  next_due_at INTEGER
);
`;

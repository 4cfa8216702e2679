/**
 * What the slash commands read besides primary keys: series by reporter (partner already has
 * `series_partner`), a watchlist's alerts newest first (`/ree history`), and notices newest first by
 * the date shown (published, or first seen when undated) for `/ree notices` and `/ree <country>`.
 */
export const commandReadIndexes = `
CREATE INDEX series_reporter ON series (reporter, partner);
CREATE INDEX alerts_watchlist_seen ON alerts (watchlist, first_seen_at);
CREATE INDEX notices_when ON notices (COALESCE(published_at, first_seen_at));
`;

/** The same step in PostgreSQL's dialect. */
export const commandReadIndexesPostgres = `
CREATE INDEX series_reporter ON series (reporter, partner);
CREATE INDEX alerts_watchlist_seen ON alerts (watchlist, first_seen_at);
CREATE INDEX notices_when ON notices ((COALESCE(published_at, first_seen_at)));
`;

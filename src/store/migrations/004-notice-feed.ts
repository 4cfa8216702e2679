/**
 * Which feed a notice came from, for sources that are many feeds (rss): a watchlist reads only the
 * items of its own feed, never another watchlist's.
 */
export const noticeFeed = `
ALTER TABLE notices ADD COLUMN feed TEXT;
CREATE INDEX notices_source_feed ON notices (source, feed);
`;

/** The same step in PostgreSQL's dialect. */
export const noticeFeedPostgres = `
ALTER TABLE notices ADD COLUMN feed text;
CREATE INDEX notices_source_feed ON notices (source, feed);
`;

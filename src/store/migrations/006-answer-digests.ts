/**
 * The SHA-256 of the last answer stored per URL, for APIs that send neither ETag nor Last-Modified
 * (Comtrade): an answer identical to it is known unchanged without parsing it.
 */
export const answerDigests = `
ALTER TABLE http_cache ADD COLUMN body_digest TEXT;
`;

/** The same step in PostgreSQL's dialect. */
export const answerDigestsPostgres = `
ALTER TABLE http_cache ADD COLUMN body_digest text;
`;

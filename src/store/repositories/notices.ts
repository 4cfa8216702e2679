import type { Notice, NoticeUpsert, StoredNotice } from '../../model/notice.js';
import type { Sql } from '../sql.js';

interface NoticeRow {
  source: string;
  id: string;
  title: string;
  url: string;
  published_at: number | null;
  agency: string | null;
  summary: string | null;
  feed: string | null;
  first_seen_at: number;
  fetched_at: number;
}

const fromRow = (row: NoticeRow): StoredNotice => ({
  source: row.source,
  id: row.id,
  title: row.title,
  url: row.url,
  publishedAt: row.published_at,
  agency: row.agency,
  summary: row.summary,
  feed: row.feed,
  firstSeenAt: row.first_seen_at,
  fetchedAt: row.fetched_at,
});

const same = (row: NoticeRow, notice: Notice): boolean =>
  row.title === notice.title &&
  row.url === notice.url &&
  row.published_at === notice.publishedAt &&
  row.agency === notice.agency &&
  row.summary === notice.summary &&
  row.feed === (notice.feed ?? null);

const GET = 'SELECT * FROM notices WHERE source = ? AND id = ?';
/** The date a notice is listed and filtered by: published, or first seen when the source gives none. */
const SHOWN_AT = 'COALESCE(published_at, first_seen_at)';

/**
 * Policy notices keyed by (source, id). A notice seen again unchanged writes nothing; `first_seen_at`
 * never moves, so a corrected title is never mistaken for a new notice.
 */
export class NoticeRepository {
  constructor(private readonly sql: Sql) {}

  /** Stores a batch in one transaction (a part of the caller's, inside one); `at` is when it was fetched. */
  async upsert(notices: readonly Notice[], at: number): Promise<NoticeUpsert> {
    let result: NoticeUpsert = { inserted: [], updated: [], unchanged: 0 };
    await this.sql.transaction(async (tx) => {
      result = { inserted: [], updated: [], unchanged: 0 };
      for (const notice of notices) {
        const existing = await tx.get<NoticeRow>(GET, [notice.source, notice.id]);
        const fields = [
          notice.title,
          notice.url,
          notice.publishedAt,
          notice.agency,
          notice.summary,
          notice.feed ?? null,
        ];
        if (!existing) {
          await tx.run(
            `INSERT INTO notices (title, url, published_at, agency, summary, feed, source, id, first_seen_at, fetched_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            [...fields, notice.source, notice.id, at, at],
          );
          result.inserted.push(notice);
        } else if (same(existing, notice)) {
          result.unchanged++;
        } else {
          await tx.run(
            `UPDATE notices SET title = ?, url = ?, published_at = ?, agency = ?, summary = ?, feed = ?, fetched_at = ?
             WHERE source = ? AND id = ?`,
            [...fields, at, notice.source, notice.id],
          );
          result.updated.push(notice);
        }
      }
    });
    return result;
  }

  async get(source: string, id: string): Promise<StoredNotice | undefined> {
    const row = await this.sql.get<NoticeRow>(GET, [source, id]);
    return row ? fromRow(row) : undefined;
  }

  /**
   * Oldest first, what a notice watchlist may alert on: the notices of one source (and, for feed
   * sources, one feed) published — or, without a date, first seen — since `since`.
   */
  async since(source: string, since: number, feed?: string): Promise<StoredNotice[]> {
    const rows =
      feed === undefined
        ? await this.sql.all<NoticeRow>(
            `SELECT * FROM notices WHERE source = ? AND ${SHOWN_AT} >= ? ORDER BY ${SHOWN_AT}, id`,
            [source, since],
          )
        : await this.sql.all<NoticeRow>(
            `SELECT * FROM notices WHERE source = ? AND feed = ? AND ${SHOWN_AT} >= ? ORDER BY ${SHOWN_AT}, id`,
            [source, feed, since],
          );
    return rows.map(fromRow);
  }

  /**
   * Newest first: notices published (or, without a date, first seen) since `since`; `offset` skips
   * that many for the next page (ties in time are ordered by source and id, so pages never overlap).
   */
  async recent(
    options: { source?: string; since?: number; limit?: number; offset?: number } = {},
  ): Promise<StoredNotice[]> {
    const since = options.since ?? 0;
    const page = [options.limit ?? 50, options.offset ?? 0];
    const rows =
      options.source === undefined
        ? await this.sql.all<NoticeRow>(
            `SELECT * FROM notices WHERE ${SHOWN_AT} >= ? ORDER BY ${SHOWN_AT} DESC, source, id LIMIT ? OFFSET ?`,
            [since, ...page],
          )
        : await this.sql.all<NoticeRow>(
            `SELECT * FROM notices WHERE source = ? AND ${SHOWN_AT} >= ? ORDER BY ${SHOWN_AT} DESC, id LIMIT ? OFFSET ?`,
            [options.source, since, ...page],
          );
    return rows.map(fromRow);
  }
}

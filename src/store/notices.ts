import type { Notice, NoticeUpsert, StoredNotice } from '../model/notice.js';
import type { Db } from './db.js';

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

/**
 * Policy notices keyed by (source, id). A notice seen again unchanged writes nothing; `first_seen_at`
 * never moves, so a corrected title is never mistaken for a new notice.
 */
export class NoticeStore {
  private readonly getStatement;
  private readonly insertStatement;
  private readonly updateStatement;
  private readonly recentStatement;
  private readonly sinceStatement;

  constructor(private readonly db: Db) {
    this.getStatement = db.prepare<[string, string], NoticeRow>(
      'SELECT * FROM notices WHERE source = ? AND id = ?',
    );
    this.insertStatement = db.prepare(
      `INSERT INTO notices (source, id, title, url, published_at, agency, summary, feed, first_seen_at, fetched_at)
       VALUES (@source, @id, @title, @url, @publishedAt, @agency, @summary, @feed, @at, @at)`,
    );
    this.updateStatement = db.prepare(
      `UPDATE notices SET title = @title, url = @url, published_at = @publishedAt, agency = @agency,
         summary = @summary, feed = @feed, fetched_at = @at WHERE source = @source AND id = @id`,
    );
    this.recentStatement = db.prepare<[string | null, string | null, number, number], NoticeRow>(
      `SELECT * FROM notices WHERE (? IS NULL OR source = ?) AND COALESCE(published_at, first_seen_at) >= ?
       ORDER BY COALESCE(published_at, first_seen_at) DESC LIMIT ?`,
    );
    this.sinceStatement = db.prepare<[string, string | null, string | null, number], NoticeRow>(
      `SELECT * FROM notices WHERE source = ? AND (? IS NULL OR feed = ?) AND COALESCE(published_at, first_seen_at) >= ?
       ORDER BY COALESCE(published_at, first_seen_at), id`,
    );
  }

  /**
   * Stores a batch in one transaction; `at` is when it was fetched. IMMEDIATE because it reads
   * before it writes (see ObservationStore.upsert): another process's commit in between must make
   * it wait, not fail with "database is locked".
   */
  upsert(notices: readonly Notice[], at: number): NoticeUpsert {
    const result: NoticeUpsert = { inserted: [], updated: [], unchanged: 0 };
    this.db
      .transaction(() => {
        for (const notice of notices) {
          const existing = this.getStatement.get(notice.source, notice.id);
          const params = { ...notice, feed: notice.feed ?? null, at };
          if (!existing) {
            this.insertStatement.run(params);
            result.inserted.push(notice);
          } else if (same(existing, notice)) {
            result.unchanged++;
          } else {
            this.updateStatement.run(params);
            result.updated.push(notice);
          }
        }
      })
      .immediate();
    return result;
  }

  get(source: string, id: string): StoredNotice | undefined {
    const row = this.getStatement.get(source, id);
    return row ? fromRow(row) : undefined;
  }

  /**
   * Oldest first, what a notice watchlist may alert on: the notices of one source (and, for feed
   * sources, one feed) published — or, without a date, first seen — since `since`.
   */
  since(source: string, since: number, feed?: string): StoredNotice[] {
    const only = feed ?? null;
    return this.sinceStatement.all(source, only, only, since).map(fromRow);
  }

  /** Newest first: notices published (or, without a date, first seen) since `since`. */
  recent(options: { source?: string; since?: number; limit?: number } = {}): StoredNotice[] {
    const source = options.source ?? null;
    return this.recentStatement.all(source, source, options.since ?? 0, options.limit ?? 50).map(fromRow);
  }
}

import type { StoredNotice } from '../rules/notice-rule.js';
import type { Db } from './db.js';

interface NoticeRow {
  source: string;
  id: string;
  title: string;
  url: string;
  published_at: number | null;
  agency: string | null;
  summary: string | null;
  first_seen_at: number;
}

/** The notices a notice watchlist may alert on: of its source, published (or first seen) since a time. */
export class RecentNoticeStore {
  private readonly statement;

  constructor(db: Db) {
    this.statement = db.prepare<[string, number], NoticeRow>(
      `SELECT source, id, title, url, published_at, agency, summary, first_seen_at FROM notices
       WHERE source = ? AND COALESCE(published_at, first_seen_at) >= ?
       ORDER BY COALESCE(published_at, first_seen_at), id`,
    );
  }

  since(source: string, since: number): StoredNotice[] {
    return this.statement.all(source, since).map((row) => ({
      source: row.source,
      id: row.id,
      title: row.title,
      url: row.url,
      publishedAt: row.published_at,
      agency: row.agency,
      summary: row.summary,
      firstSeenAt: row.first_seen_at,
    }));
  }
}

import type { Db } from './db.js';

/** The validators of the last answer that was fully stored, per URL (credentials redacted). */
export interface CacheValidators {
  etag: string | null;
  lastModified: string | null;
}

/** Conditional-GET state: a URL's ETag and Last-Modified, saved only once its answer was stored. */
export class HttpCacheStore {
  private readonly getStatement;
  private readonly putStatement;

  constructor(db: Db) {
    this.getStatement = db.prepare<[string], { etag: string | null; last_modified: string | null }>(
      'SELECT etag, last_modified FROM http_cache WHERE url = ?',
    );
    this.putStatement = db.prepare(
      `INSERT INTO http_cache (url, etag, last_modified, checked_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
         checked_at = excluded.checked_at`,
    );
  }

  get(url: string): CacheValidators | undefined {
    const row = this.getStatement.get(url);
    return row ? { etag: row.etag, lastModified: row.last_modified } : undefined;
  }

  put(url: string, validators: CacheValidators, at: number): void {
    this.putStatement.run(url, validators.etag, validators.lastModified, at);
  }
}

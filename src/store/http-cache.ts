import type { CacheValidators } from '../model/source.js';
import type { Db } from './db.js';

/** Conditional-GET state: a URL's ETag, Last-Modified and body digest, saved only once its answer was stored. */
export class HttpCacheStore {
  private readonly getStatement;
  private readonly putStatement;

  constructor(db: Db) {
    this.getStatement = db.prepare<
      [string],
      { etag: string | null; last_modified: string | null; body_digest: string | null }
    >('SELECT etag, last_modified, body_digest FROM http_cache WHERE url = ?');
    this.putStatement = db.prepare(
      `INSERT INTO http_cache (url, etag, last_modified, body_digest, checked_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
         body_digest = excluded.body_digest, checked_at = excluded.checked_at`,
    );
  }

  get(url: string): CacheValidators | undefined {
    const row = this.getStatement.get(url);
    return row ? { etag: row.etag, lastModified: row.last_modified, bodyDigest: row.body_digest } : undefined;
  }

  put(url: string, validators: CacheValidators, at: number): void {
    this.putStatement.run(url, validators.etag, validators.lastModified, validators.bodyDigest, at);
  }
}

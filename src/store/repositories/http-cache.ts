import type { CacheValidators } from '../../model/source.js';
import type { Sql } from '../sql.js';

/** Conditional-GET state: a URL's ETag, Last-Modified and body digest, saved only once its answer was stored. */
export class HttpCacheRepository {
  constructor(private readonly sql: Sql) {}

  async get(url: string): Promise<CacheValidators | undefined> {
    const row = await this.sql.get<{
      etag: string | null;
      last_modified: string | null;
      body_digest: string | null;
    }>('SELECT etag, last_modified, body_digest FROM http_cache WHERE url = ?', [url]);
    return row ? { etag: row.etag, lastModified: row.last_modified, bodyDigest: row.body_digest } : undefined;
  }

  async put(url: string, validators: CacheValidators, at: number): Promise<void> {
    await this.sql.run(
      `INSERT INTO http_cache (url, etag, last_modified, body_digest, checked_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified,
         body_digest = excluded.body_digest, checked_at = excluded.checked_at`,
      [url, validators.etag, validators.lastModified, validators.bodyDigest, at],
    );
  }
}

import type { IncomingHttpHeaders } from 'node:http';
import type { CacheValidators } from '../model/source.js';

// The shapes shared by the HTTP client and the session sources use, kept apart so neither imports the other.

export interface GetOptions {
  /** Extra request headers, e.g. an API key header (never logged: only the URL is, redacted). */
  headers?: Record<string, string>;
  accept?: string;
  /** Send If-None-Match / If-Modified-Since from the last stored answer (default true). */
  conditional?: boolean;
  /** The URL came from a watchlist, not the operator: refuse private addresses unless allowed. */
  untrusted?: boolean;
  maxBodyBytes?: number;
  /**
   * An answer byte for byte the same as the last one stored for this URL and `scope` resolves
   * `{ notModified: true }`. For APIs that send neither ETag nor Last-Modified (Comtrade): a
   * republication with the same figures then costs a hash of the body instead of parsing and
   * comparing every row. `scope` names what the caller takes from the answer (Comtrade: the units),
   * so a caller that now takes more from the same answer reads it again.
   */
  sameBodyIsNotModified?: {
    scope: string;
    /** false: keep this answer's digest for next time, but read this answer whatever it is. */
    trust?: boolean;
  };
}

export type HttpResponse =
  | { notModified: true; url: string }
  | {
      notModified: false;
      /** The final URL after redirects. */
      url: string;
      status: number;
      headers: IncomingHttpHeaders;
      contentType: string;
      body: Buffer;
    };

/** What a session asks of the HTTP client: one protected GET, the validators stored, the budget left. */
export interface HttpFetcher {
  get(
    source: string,
    url: URL,
    options: GetOptions,
    validators: CacheValidators | undefined,
    signal: AbortSignal | undefined,
  ): Promise<HttpResponse>;
  validators(key: string): Promise<CacheValidators | undefined>;
  remainingToday(host: string): Promise<number>;
}

/** The first value of a response header. */
export const header = (headers: IncomingHttpHeaders, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

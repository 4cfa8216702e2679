import { createHash } from 'node:crypto';
import type { CacheValidators } from '../model/source.js';
import { redactUrl } from '../redact.js';
import { type GetOptions, type HttpFetcher, type HttpResponse, header } from './http-types.js';
import type { ValidatorCache } from './ports.js';

/** What the cache remembers an answer by: its URL (credentials redacted), and the digest's scope. */
const cacheKey = (url: URL, options: GetOptions): string =>
  options.sameBodyIsNotModified ? `${redactUrl(url)} ${options.sameBodyIsNotModified.scope}` : redactUrl(url);

/** One source's use of the HTTP client during one fetch. */
export class HttpSession {
  private readonly pending = new Map<string, CacheValidators>();

  constructor(
    private readonly client: HttpFetcher,
    readonly source: string,
    private readonly signal?: AbortSignal,
  ) {}

  /** GET with every protection of the client. A 304 answer resolves `{ notModified: true }`. */
  async get(url: string | URL, options: GetOptions = {}): Promise<HttpResponse> {
    const target = new URL(url);
    const key = cacheKey(target, options);
    const conditional = options.conditional !== false;
    const cached =
      conditional || options.sameBodyIsNotModified ? await this.client.validators(key) : undefined;
    const response = await this.client.get(
      this.source,
      target,
      options,
      conditional ? cached : undefined,
      this.signal,
    );
    if (response.notModified) return response;
    const etag = (conditional && header(response.headers, 'etag')) || null;
    const lastModified = (conditional && header(response.headers, 'last-modified')) || null;
    const bodyDigest = options.sameBodyIsNotModified
      ? createHash('sha256').update(response.body).digest('base64')
      : null;
    if (
      bodyDigest !== null &&
      bodyDigest === cached?.bodyDigest &&
      options.sameBodyIsNotModified?.trust !== false
    )
      return { notModified: true, url: response.url };
    if (etag || lastModified || bodyDigest) this.pending.set(key, { etag, lastModified, bodyDigest });
    return response;
  }

  /** Requests the budget of `url`'s host still allows today. */
  remainingToday(url: string | URL): Promise<number> {
    return this.client.remainingToday(new URL(url).host);
  }

  /** Saves nothing for this URL's answer: it was not used whole (a capped page, say). */
  forget(url: string | URL, options: GetOptions = {}): void {
    this.pending.delete(cacheKey(new URL(url), options));
  }

  /**
   * Saves the validators of the answers fetched, in the transaction that stores their content. Safe
   * to run again (the transaction may be): it writes the same rows and keeps nothing of its own.
   */
  async commit(cache: Pick<ValidatorCache, 'put'>, at: number): Promise<void> {
    for (const [url, validators] of this.pending) await cache.put(url, validators, at);
  }
}

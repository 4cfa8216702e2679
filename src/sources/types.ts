import { redactUrl } from '../redact.js';
import { printableText } from '../text/echo.js';

/** One monthly figure of one trade series, as every trade source normalises it. */
export interface Observation {
  source: string;
  /** ISO alpha-2 country code, or "WORLD". */
  reporter: string;
  partner: string;
  flow: 'export' | 'import';
  hs: string;
  /** 'YYYY-MM' */
  period: string;
  /** null when the figure is suppressed or confidential: such a month is never a 100 % drop. */
  value: number | null;
  unit: 'USD' | 'kg';
  status: 'reported' | 'suppressed' | 'estimated';
  fetchedAt: number;
}

/** One policy notice (announcement, rule, public notice, feed item). */
export interface Notice {
  source: string;
  /** Stable per source: MOFCOM URL path, Federal Register document_number, feed GUID … */
  id: string;
  title: string;
  url: string;
  /** Epoch ms; null when the source gives no date. */
  publishedAt: number | null;
  agency: string | null;
  summary: string | null;
  /** For sources made of many feeds (rss): the feed URL the item came from; otherwise absent. */
  feed?: string | null;
}

export type SourceErrorKind =
  | 'network'
  | 'timeout'
  | 'http-status'
  | 'rate-limited'
  | 'too-large'
  | 'malformed'
  | 'empty'
  | 'blocked'
  | 'budget-exhausted';

/**
 * Why a source could not deliver: which source, which URL (credentials redacted) and what was wrong,
 * on one printable line. A SourceError marks the source unhealthy and never produces an alert.
 */
export class SourceError extends Error {
  readonly url: string;

  constructor(
    readonly source: string,
    readonly kind: SourceErrorKind,
    url: string | URL,
    detail: string,
    options?: { cause?: unknown; status?: number; retryAt?: number },
  ) {
    const safeUrl = redactUrl(url);
    // Details quote the answer (an HTML title, the JSON parser's excerpt): it must not bring line
    // breaks, terminal escapes or direction overrides into the CLI, the logs or /ree status.
    const safeDetail = printableText(detail);
    super(`${source}: ${safeDetail} (${safeUrl})`, { cause: options?.cause });
    this.name = 'SourceError';
    this.url = safeUrl;
    this.status = options?.status;
    this.detail = safeDetail;
    this.retryAt = options?.retryAt;
  }

  readonly status: number | undefined;
  /** What was wrong, without the source and URL. */
  readonly detail: string;
  /** Epoch ms before which trying again is pointless (Retry-After, an exhausted daily budget). */
  readonly retryAt: number | undefined;
}

import type { SourceErrorKind } from '../model/source.js';
import { redactUrl } from '../redact.js';
import { printableText } from '../text/echo.js';

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

import type { SourceErrorKind } from '../model/source.js';
import { BodyDecodeError, BodyTooLargeError, formatBytes } from './http-body.js';
import type { SourceError } from './types.js';

/** Builds the SourceError of one request (its source is bound by the caller). */
export type Fail = (
  kind: SourceErrorKind,
  at: URL,
  detail: string,
  extra?: { cause?: unknown; status?: number; retryAt?: number },
) => SourceError;

/** Retry-After as milliseconds from now: seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

export function classifyError(error: unknown, url: URL, fail: Fail, maxBody: number): SourceError {
  if (error instanceof BodyTooLargeError)
    return fail('too-large', url, `the answer passed the ${formatBytes(maxBody)} limit; download stopped`, {
      cause: error,
    });
  if (error instanceof BodyDecodeError) return fail('malformed', url, error.message, { cause: error });
  const code = (error as { code?: string }).code ?? '';
  const name = (error as { name?: string }).name ?? '';
  if (code === 'EPRIVATE') return fail('blocked', url, (error as Error).message, { cause: error });
  if (TIMEOUT_CODES.has(code) || name === 'TimeoutError') {
    const what =
      code === 'UND_ERR_CONNECT_TIMEOUT'
        ? 'connecting timed out'
        : code === 'UND_ERR_HEADERS_TIMEOUT'
          ? 'no answer in time'
          : 'the answer stalled while downloading';
    return fail('timeout', url, what, { cause: error });
  }
  if (name === 'AbortError') return fail('network', url, 'the request was cancelled', { cause: error });
  return fail('network', url, `network error: ${describeCause(error)}`, { cause: error });
}

export const isTransient = (error: SourceError): boolean =>
  error.kind === 'network' || error.kind === 'timeout';

export function describeCause(error: unknown): string {
  const code = (error as { code?: string }).code;
  const message = error instanceof Error ? error.message : String(error);
  return code && !message.includes(code) ? `${code} ${message}` : message;
}

/** What the service keeps about its sources: their health, and what HTTP needs across polls. */

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

/** The health record of one source (or one feed host): what `/healthz` and `/ree status` report. */
export interface SourceHealth {
  source: string;
  healthy: boolean;
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  lastErrorAt: number | null;
  lastError: string | null;
  consecutiveFailures: number;
  nextAttemptAt: number | null;
  lastStored: number | null;
}

/** Whether a source may be asked again at `now`: never failed, or its back-off has passed. */
export const isDue = (health: SourceHealth | undefined, now: number): boolean =>
  health?.nextAttemptAt == null || health.nextAttemptAt <= now;

/** What is kept of the last answer that was fully stored, per URL (credentials redacted). */
export interface CacheValidators {
  etag: string | null;
  lastModified: string | null;
  /** SHA-256 of the body (base64), kept when the source asked for it. */
  bodyDigest: string | null;
}

/** One logged request: its id (in insertion order across processes) and when it was made. */
export interface LoggedRequest {
  id: number;
  at: number;
}

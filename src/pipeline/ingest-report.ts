import type { Notice } from '../model/notice.js';
import type { SourceErrorKind } from '../model/source.js';
import type { Revision, SeriesKey } from '../model/trade.js';
import type { Backfill, SourceKind } from '../sources/source.js';

/** What one poll did: per series, per request and per source. Read by the CLI, the logs and the engine. */

export interface SeriesReport extends SeriesKey {
  /** Months stored for the first time by this poll. */
  stored: string[];
  unchanged: number;
  revised: Revision[];
  /** What the store holds for the series after this poll. */
  periods: number;
  latest: string | null;
}

export interface RequestReport {
  source: string;
  kind: SourceKind;
  healthKey: string;
  description: string;
  watchlists: string[];
  /** ok: stored something new; unchanged: nothing new upstream; skipped: backing off; failed: see error. */
  outcome: 'ok' | 'unchanged' | 'skipped' | 'failed';
  error?: string;
  errorKind?: SourceErrorKind;
  /** When retrying is worthwhile again (Retry-After beyond the poll, an exhausted daily budget). */
  retryAt?: number;
  /** Why nothing was downloaded (304, no new release) or why the request was skipped. */
  note?: string;
  series: SeriesReport[];
  notices?: { fetched: number; inserted: Notice[]; updated: number; unchanged: number };
  /** How far the source's history backfill is (Comtrade): the same for every request of the source. */
  backfill?: Backfill;
  skipped: { reason: string; count: number }[];
}

export interface SourceHealthReport {
  key: string;
  ok: boolean;
  error?: string;
  nextAttemptAt: number | null;
}

export interface IngestReport {
  startedAt: number;
  finishedAt: number;
  requests: RequestReport[];
  sources: SourceHealthReport[];
  /** True when any source failed. */
  failed: boolean;
}

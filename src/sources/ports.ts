import type { CacheValidators, LoggedRequest } from '../model/source.js';
import type { Observation, SeriesUpsert } from '../model/trade.js';

// What the sources need kept between polls, declared here by the sources and implemented by the
// store: narrow, so a source can never do more with the database than this.

/** Conditional-GET validators of the last answer stored per URL (credentials redacted). */
export interface ValidatorCache {
  get(url: string): Promise<CacheValidators | undefined>;
  put(url: string, validators: CacheValidators, at: number): Promise<void>;
}

/** Every request made per host over the last day: the per-host budget holds across processes and restarts. */
export interface RequestLog {
  /** Requests to `host` made after `since`, in the order they were logged. */
  recent(host: string, since: number): Promise<LoggedRequest[]>;
  /** Requests to `host` logged after the one with id `afterId` (by this process or another). */
  newer(host: string, afterId: number): Promise<LoggedRequest[]>;
  record(host: string, at: number): Promise<void>;
}

/** The dataset release each request last stored per period (Comtrade's lastReleased and checksum). */
export interface ReleaseMarkers {
  /** period → release marker last stored for this request. */
  forRequest(requestKey: string): Promise<Map<string, string>>;
  record(requestKey: string, releases: ReadonlyMap<string, string>, at: number): Promise<void>;
}

/** What is written in the same transaction as a source's answer, once its content is stored. */
export interface AnswerBookkeeping {
  validators: Pick<ValidatorCache, 'put'>;
  releases: Pick<ReleaseMarkers, 'record'>;
}

/** Where an imported file's observations go (one transaction, told how far it got). */
export interface ObservationWriter {
  upsert(
    observations: readonly Observation[],
    onProgress?: (done: number, total: number) => void,
  ): Promise<SeriesUpsert[]>;
}

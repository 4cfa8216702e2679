import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Notice } from '../model/notice.js';
import type { Observation } from '../model/trade.js';
import type { HttpSession } from './http-session.js';
import type { AnswerBookkeeping, ReleaseMarkers } from './ports.js';
import type { SourceError } from './types.js';

export type SourceKind = 'trade' | 'notice';

/** One trade fetch, derived from one or more watchlists asking for the same thing. */
export interface TradeRequest {
  kind: 'trade';
  source: string;
  /** ISO alpha-2 or "WORLD". */
  reporter: string;
  partner: string;
  flow: 'export' | 'import';
  hs: string[];
  /** The units the watchlists read; one answer usually carries both value and weight. */
  units: ('USD' | 'kg')[];
  watchlists: string[];
}

/** One notice fetch: a fixed list (MOFCOM, DGFT), a search (Federal Register) or a feed (RSS). */
export interface NoticeRequest {
  kind: 'notice';
  source: string;
  /** rss: the feed URL. */
  feed?: string;
  /** federal-register: the search term. */
  query?: string;
  /** federal-register: agency slugs to search within (names are matched later, by the rules). */
  agencies: string[];
  /** How far back a search reaches: the largest max_age_days of the watchlists. */
  sinceDays: number;
  watchlists: string[];
}

export type SourceRequest = TradeRequest | NoticeRequest;

/** A row of an otherwise good answer that was left out, and why. One bad row is never fatal. */
export interface SkippedRow {
  reason: string;
  detail?: string;
}

export interface TradeFetchResult {
  observations: Observation[];
  skipped: SkippedRow[];
  /** Set when nothing was downloaded because nothing changed (304, no new release): says why. */
  unchanged?: string;
  /** Requests of a shared fetch that failed while others worked: the good part is stored, the source unhealthy. */
  failed?: SourceError[];
  /**
   * Months the source asked for and answered in full, per HS code: a month there without a row is
   * "no trade recorded" (Comtrade leaves out zero rows), not a gap.
   */
  answered?: { period: string; hs: string[] }[];
  /** The months the reporter has published (period → release), when the source knows them. */
  published?: { reporter: string; periods: ReadonlyMap<string, string> };
  /** How far the source's history backfill is, over all its requests. */
  backfill?: Backfill;
}

/** Months of history wanted and months stored so far (or known to hold no trade). */
export interface Backfill {
  done: number;
  total: number;
}

export interface NoticeFetchResult {
  notices: Notice[];
  skipped: SkippedRow[];
  unchanged?: string;
  /**
   * Lists of a multi-list source (MOFCOM's Chinese and English lists, DGFT's three tables) that
   * failed while others worked: the good ones are stored, the source is still reported unhealthy.
   */
  failed?: SourceError[];
}

/** What a source gets to work with; everything that touches the outside world comes from here. */
export interface FetchContext {
  http: HttpSession;
  clock: Clock;
  logger: Logger;
  signal?: AbortSignal;
  /** The release markers stored by earlier polls (what to ask for again). */
  releases: Pick<ReleaseMarkers, 'forRequest'>;
  /**
   * Runs `action` in the transaction that stores this fetch's results, after them (e.g. remember a
   * release). Database work only: it may run again if the transaction is.
   */
  afterStore(action: (stored: AnswerBookkeeping) => Promise<void>): void;
}

interface RequestOf {
  trade: TradeRequest;
  notice: NoticeRequest;
}
interface ResultOf {
  trade: TradeFetchResult;
  notice: NoticeFetchResult;
}

/**
 * The one interface every source implements. A source fetches, validates (zod) and normalises; it
 * never stores and never alerts. Anything wrong with an answer as a whole is a thrown SourceError.
 */
export interface Source<K extends SourceKind = SourceKind> {
  readonly name: string;
  readonly kind: K;
  /** The source_health key of a request: the source name, or `rss:<host>` for feeds. */
  healthKey(request: RequestOf[K]): string;
  /** A short label for logs and reports, e.g. "CN→IN export 850511". */
  describe(request: RequestOf[K]): string;
  fetch(request: RequestOf[K], context: FetchContext): Promise<ResultOf[K]>;
  /** Told every request of this poll before the first fetch, so a source can plan them together. */
  prepare?(requests: readonly RequestOf[K][]): void;
}

export type TradeSource = Source<'trade'>;
export type NoticeSource = Source<'notice'>;
export type AnySource = TradeSource | NoticeSource;

/**
 * One source kind, as the registry (sources/index.ts) sees it: its name, the config keys that point
 * it somewhere else or authenticate it, and how to build it from the config. One provider per file.
 */
export interface SourceProvider {
  readonly name: string;
  readonly kind: SourceKind;
  readonly configKeys: readonly string[];
  create(sources: Config['sources']): AnySource;
}

/**
 * What a watchlist is once loaded: the shape `src/watchlists/` parses a file into (its zod schema
 * checks that it produces these), and what the rules, the pipeline and the commands read.
 */

export const TRADE_SOURCES = ['comtrade', 'census', 'gacc', 'csv'] as const;
export const NOTICE_SOURCES = ['mofcom', 'federal-register', 'dgft', 'rss'] as const;
export const COMPARISONS = ['previous-month', 'same-month-last-year', 'trailing-average'] as const;

export type TradeSourceName = (typeof TRADE_SOURCES)[number];
export type NoticeSourceName = (typeof NOTICE_SOURCES)[number];
/** What a drop or rise compares the newest month with. */
export type Comparison = (typeof COMPARISONS)[number];

/** A move against a baseline: `drop` fires on a fall, `rise` on a jump. */
export interface ChangeRule {
  type: 'drop' | 'rise';
  compare: Comparison;
  /** Months in the trailing average (trailing-average only). */
  months?: number | undefined;
  percent: number;
  /** Only alert when the new value is also below (drop) or above (rise) this amount. */
  below?: number | undefined;
  above?: number | undefined;
  /** `false`: the series' recovery from this rule is recorded but not posted. */
  notify_resolved?: boolean | undefined;
}

export type TradeRule =
  | (ChangeRule & { type: 'drop' })
  | (ChangeRule & { type: 'rise' })
  | { type: 'floor'; below: number; notify_resolved?: boolean | undefined }
  | { type: 'streak'; months: number; notify_resolved?: boolean | undefined }
  | { type: 'stale'; days: number }
  | { type: 'revision'; percent: number };

interface WatchlistBase {
  id: string;
  title: string;
  /** How often a series still alerting is restated (`repeat`); Infinity when the watchlist sets none. */
  repeatIntervalMs: number;
}

/** A trade watchlist after loading: countries resolved to canonical codes, defaults applied. */
export interface TradeWatchlist extends WatchlistBase {
  kind: 'trade';
  source: TradeSourceName;
  /** ISO alpha-2 code, or "WORLD". */
  reporter: string;
  partner: string;
  flow: 'export' | 'import';
  hs: string[];
  measure: 'value' | 'weight';
  /** "USD" for measure value, "kg" for measure weight: the unit of the series the rules read. */
  unit: 'USD' | 'kg';
  rules: TradeRule[];
}

export interface NoticeWatchlist extends WatchlistBase {
  kind: 'notice';
  source: NoticeSourceName;
  /** Feed URL (rss) or search term (federal-register); other sources have fixed lists. */
  feed?: string | undefined;
  query?: string | undefined;
  match: { any: string[]; all: string[] };
  /** Only notices from these agencies (names or slugs, case-insensitive). */
  agencies: string[];
  /** Notices published longer ago than this are stored but never alerted. */
  max_age_days: number;
}

export type Watchlist = TradeWatchlist | NoticeWatchlist;

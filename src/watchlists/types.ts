import type { RawNoticeWatchlist, RawTradeWatchlist, TradeRule } from './schema.js';

export type { TradeRule } from './schema.js';

/** A trade watchlist after loading: countries resolved to canonical codes, defaults applied. */
export interface TradeWatchlist extends Omit<RawTradeWatchlist, 'reporter' | 'partner' | 'repeat'> {
  /** ISO alpha-2 code, or "WORLD". */
  reporter: string;
  partner: string;
  /** "USD" for measure value, "kg" for measure weight: the unit of the series the rules read. */
  unit: 'USD' | 'kg';
  rules: TradeRule[];
  /** How often a series still alerting is restated (`repeat`); Infinity when the watchlist sets none. */
  repeatIntervalMs: number;
}

export interface NoticeWatchlist extends Omit<RawNoticeWatchlist, 'repeat'> {
  repeatIntervalMs: number;
}

export type Watchlist = TradeWatchlist | NoticeWatchlist;

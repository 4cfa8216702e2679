import type { RuleSkip, StoredAlert } from '../model/alert.js';
import type { ChannelHealth, ChannelRef, Mute, Subscription } from '../model/chat.js';
import type { DeliverySummary } from '../model/delivery.js';
import type { StoredNotice } from '../model/notice.js';
import type { SourceHealth } from '../model/source.js';
import type {
  BackfillProgress,
  RecentMonths,
  RouteCoverage,
  StoredSeries,
  TradeRoute,
} from '../model/trade.js';
import type { TradeWatchlist } from '../model/watchlist.js';

// What the slash commands read and change, declared here and implemented by src/store/ (checked
// where app.ts wires the Storage in). Every method is a Promise.

/** Which channels follow which watchlists, and whether a channel can still be posted to. */
export interface ChannelSubscriptions {
  subscribe(
    ref: ChannelRef,
    watchlists: readonly string[],
    actor: string,
    at: number,
  ): Promise<{ added: string[]; already: string[] }>;
  unsubscribe(
    ref: ChannelRef,
    watchlists: readonly string[],
    actor: string,
    at: number,
  ): Promise<{ removed: string[]; notFollowed: string[] }>;
  /** Records an action that was refused (e.g. missing permission), for audit. */
  recordRefusal(ref: ChannelRef, action: string, actor: string, detail: string, at: number): Promise<void>;
  forChannel(ref: ChannelRef): Promise<Subscription[]>;
  /** How many channels follow each watchlist. */
  counts(): Promise<Map<string, number>>;
  channelHealth(ref: ChannelRef): Promise<ChannelHealth | undefined>;
  /** Clears a failing flag because someone acted in the channel; the health it had, when it was failing. */
  resumeChannel(ref: ChannelRef, actor: string, at: number): Promise<ChannelHealth | undefined>;
}

export interface ChannelMutes {
  mute(ref: ChannelRef, watchlist: string, until: number, actor: string, at: number): Promise<void>;
  /** Whether there was an active or expired mute to remove. */
  unmute(ref: ChannelRef, watchlist: string, actor: string, at: number): Promise<boolean>;
  activeFor(ref: ChannelRef, now: number): Promise<Mute[]>;
  mutedUntil(ref: ChannelRef, watchlist: string, now: number): Promise<number | undefined>;
}

/** Stored trade series: a watchlist's, or those between a country and China or the world. */
export interface SeriesReader {
  seriesOf(watchlist: TradeWatchlist): Promise<StoredSeries[]>;
  seriesBetween(country: string, others: readonly [string, string]): Promise<StoredSeries[]>;
  recentMonths(series: StoredSeries, months: number): Promise<RecentMonths>;
}

/** Months published, months asked and answered, and each source's backfill progress. */
export interface CoverageReader {
  coverage(route: TradeRoute): Promise<RouteCoverage>;
  backfills(): Promise<BackfillProgress[]>;
}

export interface AlertHistory {
  /** Alerts whose condition still holds; for one watchlist, or all of them. */
  active(watchlist?: string): Promise<StoredAlert[]>;
  /** A watchlist's alerts, firing or not, newest first. */
  recent(watchlist: string, limit?: number): Promise<StoredAlert[]>;
}

export interface NoticeReader {
  /** Newest first: notices published (or, without a date, first seen) since `since`; `offset` pages on. */
  recent(options?: {
    source?: string;
    since?: number;
    limit?: number;
    offset?: number;
  }): Promise<StoredNotice[]>;
}

export interface SourceHealthReader {
  list(): Promise<SourceHealth[]>;
}

export interface RuleSkipReader {
  list(watchlist?: string): Promise<RuleSkip[]>;
}

/** The outbox as `/ree status` and `/ree subscriptions` tell it: pending, given up, last error. */
export interface DeliveryStatusReader {
  summary(ref?: ChannelRef): Promise<DeliverySummary>;
}

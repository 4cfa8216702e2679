/** Monthly trade figures: what a trade source returns, what the store keeps, what the rules read. */

export type TradeFlow = 'export' | 'import';
/** The unit of a stored series: trade value or net weight. */
export type TradeUnit = 'USD' | 'kg';

/** One monthly figure of one trade series, as every trade source normalises it. */
export interface Observation {
  source: string;
  /** ISO alpha-2 country code, or "WORLD". */
  reporter: string;
  partner: string;
  flow: TradeFlow;
  hs: string;
  /** 'YYYY-MM' */
  period: string;
  /** null when the figure is suppressed or confidential: such a month is never a 100 % drop. */
  value: number | null;
  unit: TradeUnit;
  status: 'reported' | 'suppressed' | 'estimated';
  fetchedAt: number;
}

/** The identity of one monthly series: everything of an observation but its period and figure. */
export interface SeriesKey {
  source: string;
  reporter: string;
  partner: string;
  flow: TradeFlow;
  hs: string;
  unit: TradeUnit;
}

export const seriesKeyOf = (o: SeriesKey): string =>
  `${o.source}|${o.reporter}|${o.partner}|${o.flow}|${o.hs}|${o.unit}`;

/** One route of trade: what a watchlist asks a source for, whatever the unit. */
export interface TradeRoute {
  source: string;
  reporter: string;
  partner: string;
  flow: TradeFlow;
}

/** One stored series: the identity of a monthly figure, with its id in the store. */
export interface StoredSeries {
  id: number;
  source: string;
  reporter: string;
  partner: string;
  flow: TradeFlow;
  hs: string;
  unit: string;
}

/** A stored month whose figure changed, as an upsert reports it. */
export interface Revision {
  period: string;
  oldValue: number | null;
  newValue: number | null;
  oldStatus: Observation['status'];
  newStatus: Observation['status'];
}

/** What one upsert did to one series. */
export interface SeriesUpsert {
  key: SeriesKey;
  seriesId: number;
  /** Periods seen for the first time, oldest first. */
  stored: string[];
  /** Periods whose figure was already stored exactly so: nothing was written for them. */
  unchanged: string[];
  revised: Revision[];
  /** How many months the series holds after the upsert, and the latest one (as `summary` would say). */
  periods: number;
  latest: string | null;
}

/** How many months a series holds and the latest one. */
export interface SeriesSummary {
  periods: number;
  latest: string | null;
}

export interface StoredObservation {
  period: string;
  value: number | null;
  status: Observation['status'];
  fetchedAt: number;
  updatedAt: number;
}

/** One month of one trade series as the rules see it. */
export interface SeriesPoint {
  /** 'YYYY-MM' */
  period: string;
  /** null when the figure is suppressed or confidential; 0 for a month with no trade recorded. */
  value: number | null;
  /**
   * `no-trade`: the reporter has published the month and the source answered without a row for the
   * route (Comtrade leaves out zero rows). A real zero, unlike a missing or suppressed month.
   */
  status: 'reported' | 'suppressed' | 'estimated' | 'no-trade';
  unit: string;
}

/** A stored month whose value changed after it was first published. */
export interface SeriesRevision {
  period: string;
  oldValue: number | null;
  newValue: number | null;
  revisedAt: number;
  unit: string;
}

/** Everything the rules know about one series (one HS code) of a trade watchlist. */
export interface SeriesHistory {
  /** Names the series inside its watchlist, e.g. "hs-850511". */
  subject: string;
  hs: string;
  /** The unit the watchlist reads: "USD" or "kg". */
  unit: string;
  /** Oldest month first; one point per month that has a row (missing months have none). */
  points: SeriesPoint[];
  revisions: SeriesRevision[];
}

/** The newest months of one series, oldest first, and when its newest figure was fetched. */
export interface RecentMonths {
  points: SeriesPoint[];
  lastFetchedAt: number | null;
}

/** What is known of a route's months: those the reporter published, and those answered per HS code. */
export interface RouteCoverage {
  /** null when the source lists no published months for the reporter. */
  published: ReadonlySet<string> | null;
  answered: Map<string, Set<string>>;
}

/** How far a source's history backfill is: months wanted, and months held (or known to hold no trade). */
export interface BackfillProgress {
  source: string;
  done: number;
  total: number;
  updatedAt: number;
}

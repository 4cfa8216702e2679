import type { AlertSeverity } from '../model/alert.js';
import type { ReplyImage } from './reply.js';

/**
 * What one channel is told after one poll cycle: an overview line, at most one entry per series,
 * then the new notices grouped by source. Adapters render a digest into one or more platform
 * messages, splitting only where limits force it.
 */
export interface AlertDigest {
  /** The overview line: "Rare-earth watch: 2 series fell, 1 recovered · 2 new China MOFCOM notices". */
  title: string;
  /** Most important first. */
  series: SeriesEntry[];
  notices: NoticeGroup[];
  /** Epoch ms of the poll cycle that produced the digest. */
  generatedAt: number;
  /**
   * Charts of the series that fell (the same chart `/ree chart` draws), set only for platforms that
   * post images (`ChatAdapter.postsImages`); each is posted after the messages.
   */
  charts?: DigestChart[];
}

/** Which trade series an entry is about, so its chart can be drawn. */
export interface ChartRef {
  watchlistId: string;
  hs: string;
}

export interface DigestChart extends ChartRef {
  image: ReplyImage;
}

/** The four signs a reader learns once: the same on the console, Slack and Discord (see markers.ts). */
export type Marker = 'fall' | 'rise' | 'recovered' | 'warning';

/** The series transitions a channel is told of (see pipeline/series-lifecycle.ts). */
export type ToldTransition = 'enter' | 'change' | 'recover' | 'remind' | 'revised';

/** One series' movement this cycle: everything that changed, in one headline and one line. */
export interface SeriesEntry {
  /** watchlist/subject/period: names the entry in outbox keys. */
  key: string;
  watchlistId: string;
  watchlistTitle: string;
  transition: ToldTransition;
  marker: Marker;
  severity: AlertSeverity;
  /** The strongest signal in plain words, e.g. "… rebounded to 353 t in June 2025, +667% on May's 46 t". */
  headline: string;
  /** Every comparison, with the thresholds crossed and recovered: "+667% m/m (46 t) ▲ · still −44% y/y …". */
  comparisons: string;
  /** What streak, floor, stale and revision rules add, one sentence each. */
  notes: EntryNote[];
  /** Where the figures come from, e.g. "UN Comtrade". */
  source: string;
  /** This series at its source (distinct per series), or the source's home page. */
  url?: string;
  /** Set when the series fell: its chart is posted where the platform allows. */
  chart?: ChartRef;
}

/** A sentence of a streak, floor, stale or revision rule, with the sign of what it says. */
export interface EntryNote {
  marker: Marker;
  text: string;
}

/** A new notice that matched a notice watchlist. */
export interface NoticeEntry {
  /** The alert's dedup key. */
  key: string;
  watchlistId: string;
  title: string;
  /** "2025-04-04 · MOFCOM · matched: rare earth, export control". */
  detail: string;
  url?: string;
}

/** The new notices of one source. */
export interface NoticeGroup {
  /** Display name of the source, e.g. "China MOFCOM". */
  source: string;
  notices: NoticeEntry[];
}

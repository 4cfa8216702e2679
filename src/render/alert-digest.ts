import type { ReplyImage } from './reply.js';

/**
 * What one channel is told after one poll cycle: every alert for it, grouped into one digest.
 * Adapters render a digest into one or more platform messages, splitting only where limits force it.
 */
export interface AlertDigest {
  title: string;
  alerts: AlertItem[];
  /** Epoch ms of the poll cycle that produced the digest. */
  generatedAt: number;
  /**
   * Charts of the series behind the digest's drop alerts (the same chart `/ree chart` draws), set only
   * for platforms that post images (`ChatAdapter.postsImages`); each is posted after the messages.
   */
  charts?: DigestChart[];
}

/** Which trade series an alert is about, so its chart can be drawn. */
export interface ChartRef {
  watchlistId: string;
  hs: string;
}

export interface DigestChart extends ChartRef {
  image: ReplyImage;
}

export type AlertState = 'firing' | 'repeat' | 'resolved';
export type AlertSeverity = 'info' | 'warning' | 'critical';

export interface AlertItem {
  dedupKey: string;
  watchlistId: string;
  watchlistTitle: string;
  rule: string;
  state: AlertState;
  severity: AlertSeverity;
  /** One plain-text sentence: what changed, by how much, from what to what, which period. */
  headline: string;
  /** Labelled figures shown beside the headline, e.g. From, To, Change, Period. */
  facts: { label: string; value: string }[];
  /** Where the figure or notice came from, e.g. "UN Comtrade". */
  source: string;
  url?: string;
  /** Set on drop alerts: the series whose chart the alert carries where the platform allows. */
  chart?: ChartRef;
}

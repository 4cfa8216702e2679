/** Policy notices: what a notice source returns and what the store keeps. */

/** One policy notice (announcement, rule, public notice, feed item). */
export interface Notice {
  source: string;
  /** Stable per source: MOFCOM URL path, Federal Register document_number, feed GUID … */
  id: string;
  title: string;
  url: string;
  /** Epoch ms; null when the source gives no date. */
  publishedAt: number | null;
  agency: string | null;
  summary: string | null;
  /** For sources made of many feeds (rss): the feed URL the item came from; otherwise absent. */
  feed?: string | null;
}

/** A notice as stored: with when ree-watch first saw it (the date when the source gives none). */
export interface StoredNotice extends Notice {
  firstSeenAt: number;
  fetchedAt: number;
}

/** What storing a batch of notices did. */
export interface NoticeUpsert {
  /** Notices never seen before, in the order given. */
  inserted: Notice[];
  /** Known notices whose title, link, date, agency or summary changed (corrections, not news). */
  updated: Notice[];
  unchanged: number;
}

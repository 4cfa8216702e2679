import type { Platform } from '../../src/model/chat.js';
import type { Notice } from '../../src/model/notice.js';
import type { Db } from '../../src/store/db.js';
import { SubscriptionStore } from '../../src/store/subscriptions.js';

/** A trade series as the sources store it; defaults to China → India magnets (HS 850511) in USD. */
export interface SeriesSpec {
  source?: string;
  reporter?: string;
  partner?: string;
  flow?: 'export' | 'import';
  hs?: string;
  unit?: string;
}

function seriesId(db: Db, spec: SeriesSpec): number {
  const key = [
    spec.source ?? 'comtrade',
    spec.reporter ?? 'CN',
    spec.partner ?? 'IN',
    spec.flow ?? 'export',
    spec.hs ?? '850511',
    spec.unit ?? 'USD',
  ];
  db.prepare(
    'INSERT INTO series (source, reporter, partner, flow, hs, unit) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
  ).run(...key);
  const row = db
    .prepare(
      'SELECT id FROM series WHERE source = ? AND reporter = ? AND partner = ? AND flow = ? AND hs = ? AND unit = ?',
    )
    .get(...key) as { id: number };
  return row.id;
}

/** Stores monthly figures (null = suppressed), replacing what a month had. */
export function seedMonths(
  db: Db,
  months: Record<string, number | null>,
  spec: SeriesSpec = {},
  at = 0,
): void {
  const id = seriesId(db, spec);
  const upsert = db.prepare(`
    INSERT INTO observations (series_id, period, value, status, fetched_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (series_id, period) DO UPDATE SET value = excluded.value, status = excluded.status,
      fetched_at = excluded.fetched_at, updated_at = excluded.updated_at`);
  for (const [period, value] of Object.entries(months))
    upsert.run(id, period, value, value === null ? 'suppressed' : 'reported', at, at);
}

/** Records that a stored month was revised (and stores the new figure). */
export function seedRevision(
  db: Db,
  revision: { period: string; oldValue: number; newValue: number; revisedAt: number },
  spec: SeriesSpec = {},
): void {
  seedMonths(db, { [revision.period]: revision.newValue }, spec, revision.revisedAt);
  db.prepare(
    `INSERT INTO observation_revisions (series_id, period, old_value, new_value, old_status, new_status, revised_at)
     VALUES (?, ?, ?, ?, 'reported', 'reported', ?)`,
  ).run(seriesId(db, spec), revision.period, revision.oldValue, revision.newValue, revision.revisedAt);
}

export function seedNotice(
  db: Db,
  notice: Partial<Notice> & Pick<Notice, 'id' | 'title'>,
  firstSeenAt = 0,
): void {
  db.prepare(
    `INSERT INTO notices (source, id, title, url, published_at, agency, summary, feed, first_seen_at, fetched_at)
     VALUES (@source, @id, @title, @url, @publishedAt, @agency, @summary, @feed, @firstSeenAt, @firstSeenAt)`,
  ).run({
    source: 'mofcom',
    url: `https://www.mofcom.gov.cn/notice/${notice.id}`,
    publishedAt: null,
    agency: null,
    summary: null,
    feed: null,
    ...notice,
    firstSeenAt,
  });
}

/** Subscribes every channel to every watchlist. */
export function subscribeAll(
  db: Db,
  platform: Platform,
  channels: readonly string[],
  watchlists: readonly string[],
): void {
  const store = new SubscriptionStore(db);
  db.transaction(() => {
    for (const channel of channels) store.subscribe({ platform, channel }, watchlists, 'U-test', 0);
  })();
}

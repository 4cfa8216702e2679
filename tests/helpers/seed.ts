import type { Platform } from '../../src/model/chat.js';
import type { Notice } from '../../src/model/notice.js';
import type { Sql } from '../../src/store/sql.js';

/** What the seeds write through: a test database's portable SQL (see storage.ts). */
interface Seedable {
  sql: Sql;
}

/** A trade series as the sources store it; defaults to China → India magnets (HS 850511) in USD. */
export interface SeriesSpec {
  source?: string;
  reporter?: string;
  partner?: string;
  flow?: 'export' | 'import';
  hs?: string;
  unit?: string;
}

async function seriesId({ sql }: Seedable, spec: SeriesSpec): Promise<number> {
  const key = [
    spec.source ?? 'comtrade',
    spec.reporter ?? 'CN',
    spec.partner ?? 'IN',
    spec.flow ?? 'export',
    spec.hs ?? '850511',
    spec.unit ?? 'USD',
  ];
  await sql.run(
    'INSERT INTO series (source, reporter, partner, flow, hs, unit) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    key,
  );
  const row = await sql.get<{ id: number }>(
    'SELECT id FROM series WHERE source = ? AND reporter = ? AND partner = ? AND flow = ? AND hs = ? AND unit = ?',
    key,
  );
  return Number(row?.id);
}

/** Stores monthly figures (null = suppressed), replacing what a month had. */
export async function seedMonths(
  db: Seedable,
  months: Record<string, number | null>,
  spec: SeriesSpec = {},
  at = 0,
): Promise<void> {
  const id = await seriesId(db, spec);
  for (const [period, value] of Object.entries(months))
    await db.sql.run(
      `INSERT INTO observations (series_id, period, value, status, fetched_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (series_id, period) DO UPDATE SET value = excluded.value, status = excluded.status,
         fetched_at = excluded.fetched_at, updated_at = excluded.updated_at`,
      [id, period, value, value === null ? 'suppressed' : 'reported', at, at],
    );
}

/** Records that a stored month was revised (and stores the new figure). */
export async function seedRevision(
  db: Seedable,
  revision: { period: string; oldValue: number; newValue: number; revisedAt: number },
  spec: SeriesSpec = {},
): Promise<void> {
  await seedMonths(db, { [revision.period]: revision.newValue }, spec, revision.revisedAt);
  await db.sql.run(
    `INSERT INTO observation_revisions (series_id, period, old_value, new_value, old_status, new_status, revised_at)
     VALUES (?, ?, ?, ?, 'reported', 'reported', ?)`,
    [await seriesId(db, spec), revision.period, revision.oldValue, revision.newValue, revision.revisedAt],
  );
}

export async function seedNotice(
  db: Seedable,
  notice: Partial<Notice> & Pick<Notice, 'id' | 'title'>,
  firstSeenAt = 0,
): Promise<void> {
  const row = {
    source: 'mofcom',
    url: `https://www.mofcom.gov.cn/notice/${notice.id}`,
    publishedAt: null,
    agency: null,
    summary: null,
    feed: null,
    ...notice,
  };
  await db.sql.run(
    `INSERT INTO notices (source, id, title, url, published_at, agency, summary, feed, first_seen_at, fetched_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    [
      row.source,
      row.id,
      row.title,
      row.url,
      row.publishedAt,
      row.agency,
      row.summary,
      row.feed ?? null,
      firstSeenAt,
      firstSeenAt,
    ],
  );
}

/**
 * Subscribes every channel to every watchlist, as rows (the subscription commands' own tests go
 * through the repository): a thousand channels take one statement per 500 rows on either driver.
 */
export async function subscribeAll(
  storage: Seedable,
  platform: Platform,
  channels: readonly string[],
  watchlists: readonly string[],
): Promise<void> {
  const rows = channels.flatMap((channel) => watchlists.map((watchlist) => [platform, channel, watchlist]));
  for (let start = 0; start < rows.length; start += 500) {
    const chunk = rows.slice(start, start + 500);
    await storage.sql.run(
      `INSERT INTO subscriptions (platform, channel, watchlist, created_by, created_at) VALUES ${chunk
        .map(() => "(?, ?, ?, 'U-test', 0)")
        .join(', ')} ON CONFLICT DO NOTHING`,
      chunk.flat(),
    );
  }
}

import type Database from 'better-sqlite3';
import { DAY_MS } from '../../src/model/time.js';
import { seededRandom } from '../lib/random.js';

/**
 * Policy notices as the four notice sources store them, over five years before `now`: export-control
 * announcements, Federal Register rules, DGFT notifications and news items. About one in sixty
 * names India; most are about other countries and other goods, as in a real feed.
 */
const SOURCES = [
  { source: 'mofcom', agency: 'Ministry of Commerce of the PRC', url: 'https://www.mofcom.gov.cn/zcfb/' },
  {
    source: 'federal-register',
    agency: 'Commerce Department, Industry and Security Bureau',
    url: 'https://www.federalregister.gov/d/',
  },
  {
    source: 'dgft',
    agency: 'Directorate General of Foreign Trade',
    url: 'https://www.dgft.gov.in/CP/?opt=notification&id=',
  },
  { source: 'rss', agency: 'Reuters Commodities', url: 'https://www.reuters.com/markets/commodities/' },
] as const;
const GOODS = [
  'gallium',
  'germanium',
  'graphite',
  'antimony',
  'tungsten',
  'lithium',
  'cobalt',
  'steel',
  'aluminium',
  'semiconductor equipment',
  'rare earth',
  'permanent magnets',
  'medium and heavy rare earths',
];
const ACTIONS = [
  'export control measures on',
  'licensing requirements for',
  'anti-dumping duty on imports of',
  'tariff rate quota for',
  'revised export policy for',
  'public consultation on',
];
const COUNTRIES = [
  'Japan',
  'Vietnam',
  'Australia',
  'Germany',
  'the United States',
  'South Korea',
  'Brazil',
  'Canada',
  'Indonesia',
  'Malaysia',
  'Chile',
  'Kazakhstan',
];

export interface NoticeRow {
  source: string;
  id: string;
  title: string;
  url: string;
  publishedAt: number;
  agency: string;
  summary: string;
  firstSeenAt: number;
}

export function noticeRows(count: number, now: number): NoticeRow[] {
  const random = seededRandom(20_250_915);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const span = 5 * 365 * DAY_MS;
  const rows: NoticeRow[] = [];
  for (let index = 0; index < count; index++) {
    const origin = pick(SOURCES);
    const country = random() < 1 / 60 ? 'India' : pick(COUNTRIES);
    const goods = pick(GOODS);
    const action = pick(ACTIONS);
    // Evenly spread with jitter, newest last; a tenth are first seen a day after publication.
    const publishedAt = Math.floor(now - span + (span * (index + random())) / count);
    const year = new Date(publishedAt).getUTCFullYear();
    rows.push({
      source: origin.source,
      id: `${origin.source}-${year}-${String(index).padStart(6, '0')}`,
      title: `Announcement No. ${(index % 97) + 1} of ${year}: ${action} ${goods} (${country})`,
      url: `${origin.url}${index}`,
      publishedAt,
      agency: origin.agency,
      summary: `${origin.agency} announced ${action} ${goods}, affecting shipments to and from ${country}. The measure takes effect thirty days after publication.`,
      firstSeenAt: publishedAt + (random() < 0.1 ? DAY_MS : 0),
    });
  }
  return rows;
}

/** The columns a seeded notice fills, in the order of `noticeValues`. */
export const NOTICE_COLUMNS = [
  'source',
  'id',
  'title',
  'url',
  'published_at',
  'agency',
  'summary',
  'first_seen_at',
  'fetched_at',
  'feed',
] as const;

/** A notice row's values in the order of NOTICE_COLUMNS (the SQLite seed and the PostgreSQL one). */
export function noticeValues(row: NoticeRow): (string | number | null)[] {
  return [
    row.source,
    row.id,
    row.title,
    row.url,
    row.publishedAt,
    row.agency,
    row.summary,
    row.firstSeenAt,
    row.firstSeenAt,
    row.source === 'rss' ? 'https://www.reuters.com/markets/commodities/rss' : null,
  ];
}

export function insertNotices(db: Database.Database, rows: readonly NoticeRow[]): void {
  const insert = db.prepare(
    `INSERT INTO notices (${NOTICE_COLUMNS.join(', ')}) VALUES (${NOTICE_COLUMNS.map(() => '?').join(', ')})`,
  );
  db.transaction(() => {
    for (const row of rows) insert.run(...noticeValues(row));
  })();
}

import { FEDERAL_REGISTER, MOFCOM_CHINESE, MOFCOM_ENGLISH, NEWS_FEED } from './snapshot/notices.js';

/**
 * When each thing in the snapshot became public. The snapshot server shows only what was public at
 * the demo clock's "now", so a replay sees each month's figures and each notice appear on its date.
 */

/**
 * China's customs publishes a month's detailed figures around the 20th of the next month; the
 * snapshot makes each month available then (10:00 China time). UN Comtrade itself lists China's
 * months later than that: the demo compresses the wait so the story follows the published dates.
 */
export function releasedAt(month: string): number {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  return Date.UTC(year, monthNumber, 20, 2, 0, 0);
}

/** Start of a China-time calendar day, as the MOFCOM list dates are read. */
export const chinaDay = (date: string): number => Date.parse(`${date}T00:00:00+08:00`);

/** The replay: the demo clock's "now" for each poll cycle, the day figures or notices came out. */
export const REPLAY_DATES: readonly string[] = [
  '2025-04-21T12:00:00Z',
  '2025-05-20T12:00:00Z',
  '2025-06-20T12:00:00Z',
  '2025-07-21T12:00:00Z',
  '2025-08-20T12:00:00Z',
  '2025-09-22T12:00:00Z',
  '2025-10-20T12:00:00Z',
];

const MONTH_NAMES = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const DAY = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' });

/** What came out in (from, to]: "figures for April 2025 · MOFCOM: 1 notice · Federal Register: 1 document". */
export function releasedBetween(from: number, to: number, months: readonly string[]): string[] {
  const newMonths = months.filter((month) => releasedAt(month) > from && releasedAt(month) <= to);
  const parts: string[] = [];
  if (newMonths.length > 0) {
    const last = newMonths.at(-1) as string;
    const label = MONTH_NAMES.format(Date.parse(`${last}-01T00:00:00Z`));
    parts.push(`trade figures ${newMonths.length === 1 ? 'for' : 'up to'} ${label}`);
  }
  const within = (at: number) => at > from && at <= to;
  const mofcom = [
    ...MOFCOM_CHINESE.filter((item) => within(chinaDay(item.date))).map((item) => item.date),
    ...MOFCOM_ENGLISH.filter((item) => within(Date.parse(item.at))).map((item) => item.at.slice(0, 10)),
  ];
  if (mofcom.length > 0) parts.push(`MOFCOM announcements of ${days(mofcom)}`);
  const register = FEDERAL_REGISTER.filter((doc) => within(Date.parse(`${doc.publication_date}T00:00:00Z`)));
  if (register.length > 0)
    parts.push(`Federal Register documents of ${days(register.map((doc) => doc.publication_date))}`);
  const news = NEWS_FEED.items.filter((item) => within(Date.parse(item.pubDate)));
  if (news.length > 0)
    parts.push(`news of ${days(news.map((item) => new Date(item.pubDate).toISOString()))}`);
  return parts;
}

function days(dates: readonly string[]): string {
  const unique = [...new Set(dates.map((date) => date.slice(0, 10)))].sort();
  return unique.map((date) => DAY.format(Date.parse(`${date}T00:00:00Z`))).join(', ');
}

import { type CheerioAPI, load } from 'cheerio';
import type { Notice } from '../model/notice.js';
import { absoluteUrl, htmlToText } from './html.js';
import { decodeText } from './parse.js';
import type { FetchContext, NoticeFetchResult, NoticeSource, SkippedRow, SourceProvider } from './source.js';
import { SourceError } from './types.js';

export interface DgftOptions {
  url: string;
}

/** The DGFT tables polled: `/CP/?opt=<name>`, and the words used in titles. */
export const DGFT_TABLES = {
  notification: 'Notification',
  'public-notice': 'Public Notice',
  'trade-notice': 'Trade Notice',
} as const;

type Column = 'number' | 'year' | 'description' | 'date';

const UNREACHABLE = new Set(['network', 'timeout', 'rate-limited', 'budget-exhausted']);

/** Column order when the table has no readable header: Sl.No | Number | Year | Description | Date | … */
const POSITIONAL: Record<Column, number> = { number: 1, year: 2, description: 3, date: 4 };

/**
 * India's Directorate General of Foreign Trade: notifications, public notices and trade notices,
 * each an HTML table (number, year, description, date dd/mm/yyyy, PDF link). An empty table is an
 * error (DGFT blocks some networks with a 403 or an empty page), never "no new notices".
 */
export function createDgftSource(options: DgftOptions): NoticeSource {
  const base = options.url.replace(/\/+$/, '');
  return {
    name: 'dgft',
    kind: 'notice',
    healthKey: () => 'dgft',
    describe: () => 'notification, public-notice and trade-notice tables',

    async fetch(_request, context) {
      const notices: Notice[] = [];
      const skipped: SkippedRow[] = [];
      const failed: SourceError[] = [];
      let unchanged = 0;
      for (const [table, label] of Object.entries(DGFT_TABLES)) {
        try {
          const rows = await fetchTable(`${base}/CP/?opt=${table}`, table, label, context, skipped);
          if (rows === 'not-modified') unchanged++;
          else notices.push(...rows);
        } catch (error) {
          if (!(error instanceof SourceError)) throw error;
          failed.push(error);
          // The tables share one host: when it is unreachable or rationing us, asking again only waits longer.
          if (UNREACHABLE.has(error.kind)) break;
        }
      }
      if (notices.length === 0 && failed.length > 0 && unchanged === 0) throw failed[0];
      const result: NoticeFetchResult = { notices, skipped, failed };
      if (notices.length === 0 && unchanged > 0) result.unchanged = 'not modified since the last poll (304)';
      return result;
    },
  };
}

async function fetchTable(
  url: string,
  table: string,
  label: string,
  context: FetchContext,
  skipped: SkippedRow[],
): Promise<Notice[] | 'not-modified'> {
  const response = await context.http.get(url, { accept: 'text/html' });
  if (response.notModified) return 'not-modified';
  const html = decodeText(response.body, response.contentType);
  const $ = load(html);
  const columns = columnsOf($);
  const rows = $('table tbody tr').toArray();
  const notices = new Map<string, Notice>();
  for (const element of rows) {
    const cells = $(element).children('td');
    if (cells.length < 4) continue;
    const cell = (column: Column) => htmlToText(cells.eq(columns[column]).html()) ?? '';
    const number = cell('number');
    const description = cell('description');
    const date = parseIndianDate(cell('date'));
    const link = $(element)
      .find('a[href]')
      .toArray()
      .map((anchor) => $(anchor))
      .find(
        (anchor) =>
          /\.pdf(\?|$)|content\.dgft\.gov\.in/i.test(anchor.attr('href') ?? '') ||
          /download/i.test(anchor.text()),
      );
    const pdf = absoluteUrl(link?.attr('href'), response.url);
    if (!number || !description) {
      skipped.push({ reason: 'row without a number or description' });
      continue;
    }
    if (date === undefined) {
      skipped.push({ reason: 'row without a dd/mm/yyyy date', detail: `${label} ${number}` });
      continue;
    }
    const year = cell('year');
    const id = [table, number, year, cell('date')].join('|');
    notices.set(id, {
      source: 'dgft',
      id,
      title: `${label} No. ${number}${year && !number.includes(year) ? ` (${year})` : ''}: ${description}`,
      url: pdf ?? response.url,
      publishedAt: date,
      agency: 'DGFT',
      summary: null,
    });
  }
  if (notices.size === 0) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1]?.trim();
    throw new SourceError(
      'dgft',
      rows.length === 0 ? 'blocked' : 'malformed',
      url,
      rows.length === 0
        ? `the ${label} table has no rows${title ? ` (page titled "${title.slice(0, 60)}")` : ''}: blocked or a changed layout`
        : `none of the ${rows.length} rows of the ${label} table could be read`,
    );
  }
  return [...notices.values()];
}

/** Column positions from the header's words; the DataTables classes on cells are not stable. */
function columnsOf($: CheerioAPI): Record<Column, number> {
  const headers = $('table thead th, table thead td')
    .toArray()
    .map((th) => ($(th).text() ?? '').replace(/\s+/g, ' ').trim().toLowerCase());
  if (headers.length < 4) return POSITIONAL;
  const find = (test: (text: string) => boolean, fallback: number) => {
    const at = headers.findIndex(test);
    return at < 0 ? fallback : at;
  };
  return {
    number: find(
      (text) => /^(notification |notice )?(no\.?|number)/.test(text) && !/^sl/.test(text),
      POSITIONAL.number,
    ),
    year: find((text) => /^year/.test(text), POSITIONAL.year),
    description: find((text) => /description|subject|title/.test(text), POSITIONAL.description),
    date: find((text) => /^(issue )?date/.test(text), POSITIONAL.date),
  };
}

/** "15/10/2025" → midnight in India (UTC+5:30), epoch ms. */
function parseIndianDate(text: string): number | undefined {
  const match = /(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})/.exec(text);
  if (!match) return undefined;
  const [, d, m, y] = match;
  const at = Date.parse(`${y}-${(m ?? '').padStart(2, '0')}-${(d ?? '').padStart(2, '0')}T00:00:00+05:30`);
  return Number.isNaN(at) ? undefined : at;
}

/** India's DGFT: DGFT_URL. */
export const dgftProvider: SourceProvider = {
  name: 'dgft',
  kind: 'notice',
  configKeys: ['DGFT_URL'],
  create: (sources) => createDgftSource({ url: sources.dgft.url }),
};

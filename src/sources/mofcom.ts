import { type CheerioAPI, load } from 'cheerio';
import type { Notice } from '../model/notice.js';
import { absoluteUrl, htmlToText } from './html.js';
import { decodeText, parseJson } from './parse.js';
import type { FetchContext, NoticeFetchResult, NoticeSource, SkippedRow, SourceProvider } from './source.js';
import { SourceError } from './types.js';

export interface MofcomOptions {
  /** www.mofcom.gov.cn (Chinese policy releases). */
  url: string;
  /** english.mofcom.gov.cn (Announcements and Orders). */
  englishUrl: string;
}

/** The lists polled, relative to their site. */
export const MOFCOM_LISTS = {
  chinese: '/zwgk/zcfb/index.html',
  english: '/Policies/AnnouncementsOrders/index.html',
} as const;

const ARTICLE = /\/art\/\d{4}\/art_[0-9a-f]+\.html?$/i;

interface ListItem {
  title: string | undefined;
  href: string | undefined;
  date: string | undefined;
}

/**
 * China's Ministry of Commerce: the Chinese policy-release list and the English "Announcements and
 * Orders" list. Titles stay in Chinese as published, so keywords such as 稀土 and 出口管制 match.
 * A page without the list (an anti-bot check or a new layout) is an error, never "no new notices".
 */
export function createMofcomSource(options: MofcomOptions): NoticeSource {
  const chineseBase = options.url.replace(/\/+$/, '');
  const englishBase = options.englishUrl.replace(/\/+$/, '');
  return {
    name: 'mofcom',
    kind: 'notice',
    healthKey: () => 'mofcom',
    describe: () => 'announcement lists (zh, en)',

    async fetch(_request, context) {
      const notices: Notice[] = [];
      const skipped: SkippedRow[] = [];
      const failed: SourceError[] = [];
      let unchanged = 0;
      for (const [language, path] of Object.entries(MOFCOM_LISTS)) {
        const page = `${language === 'chinese' ? chineseBase : englishBase}${path}`;
        try {
          const items =
            language === 'chinese' ? await chineseList(page, context) : await englishList(page, context);
          if (items === 'not-modified') {
            unchanged++;
            continue;
          }
          notices.push(
            ...toNotices(items.items, items.pageUrl, language === 'chinese' ? 'zh' : 'en', skipped),
          );
        } catch (error) {
          if (!(error instanceof SourceError)) throw error;
          failed.push(error);
        }
      }
      if (notices.length === 0 && failed.length > 0 && unchanged === 0) throw failed[0];
      const result: NoticeFetchResult = { notices, skipped, failed };
      if (notices.length === 0 && unchanged > 0) result.unchanged = 'not modified since the last poll (304)';
      return result;
    },
  };
}

type ListResult = { items: ListItem[]; pageUrl: string } | 'not-modified';

/**
 * The current CMS renders an empty shell whose list comes from an "api-gateway" unit URL named in
 * the page (attributes `url` and `queryData`) as JSON `{ data: { html } }`; older pages carry the
 * list itself. Both end in `ul.txtList_01 > li`.
 */
async function chineseList(page: string, context: FetchContext): Promise<ListResult> {
  // Never conditional: the current CMS's page is an unchanging shell, so its 304 would hide a new item.
  const response = await context.http.get(page, { accept: 'text/html', conditional: false });
  if (response.notModified) return 'not-modified';
  const html = decodeText(response.body, response.contentType);
  const $ = load(html);
  const inline = txtListItems($);
  if (inline.length > 0) return { items: inline, pageUrl: response.url };
  const unit = $('[querydata][url]').first();
  const unitUrl = absoluteUrl(unit.attr('url'), response.url);
  if (!unitUrl) throw layoutChanged(response.url, html, 'policy-release');
  const listUrl = new URL(unitUrl);
  // The page names the URL we fetch next: never let it send us to another host.
  if (listUrl.origin !== new URL(response.url).origin)
    throw new SourceError(
      'mofcom',
      'malformed',
      response.url,
      `the list service is on another host (${listUrl.host})`,
    );
  for (const [name, value] of Object.entries(parseQueryData(unit.attr('querydata') ?? '', response.url)))
    listUrl.searchParams.set(name, value);
  listUrl.searchParams.set('pageNo', '1');
  const origin = { source: 'mofcom', url: listUrl.toString() };
  const unitResponse = await context.http.get(listUrl, { accept: 'application/json', conditional: false });
  if (unitResponse.notModified) return 'not-modified';
  const envelope = parseJson(unitResponse.body, origin) as { success?: unknown; data?: { html?: unknown } };
  const listHtml = envelope?.data?.html;
  if (envelope?.success === false || typeof listHtml !== 'string')
    throw new SourceError('mofcom', 'malformed', origin.url, 'the list service answered without data.html');
  const items = txtListItems(load(listHtml));
  if (items.length === 0) throw layoutChanged(origin.url, listHtml, 'policy-release');
  return { items, pageUrl: response.url };
}

/** English list: article links under /art/YYYY/, dated by a `parseToData(<epoch ms>, …)` script call. */
async function englishList(page: string, context: FetchContext): Promise<ListResult> {
  const response = await context.http.get(page, { accept: 'text/html' });
  if (response.notModified) return 'not-modified';
  const html = decodeText(response.body, response.contentType);
  const $ = load(html);
  const items: ListItem[] = [];
  const seen = new Set<string>();
  $('a[href]').each((_index, element) => {
    const link = $(element);
    const href = link.attr('href') ?? '';
    if (!ARTICLE.test(href.split('?')[0] ?? '') || seen.has(href)) return;
    seen.add(href);
    const block = link.closest('li, section, tr, div');
    const epoch = /parseToData\(\s*(\d{10,13})/.exec(block.html() ?? '')?.[1];
    const ms = epoch === undefined ? undefined : epoch.length === 10 ? Number(epoch) * 1000 : Number(epoch);
    items.push({
      title: link.attr('title') ?? htmlToText(link.html()),
      href,
      date: ms === undefined ? block.find('span').first().text() || undefined : new Date(ms).toISOString(),
    });
  });
  if (items.length === 0) throw layoutChanged(response.url, html, 'Announcements and Orders');
  return { items, pageUrl: response.url };
}

function txtListItems($: CheerioAPI): ListItem[] {
  const items: ListItem[] = [];
  const rows = $('ul.txtList_01 > li, section.iListCon li').not('.listline');
  rows.each((_index, element) => {
    const row = $(element);
    const link = row.find('a[href]').first();
    if (link.length === 0) return;
    items.push({
      // The title attribute holds the full title; the link text may be shortened with "…".
      title: link.attr('title') ?? htmlToText(link.html()),
      href: link.attr('href'),
      date: htmlToText(row.find('span').first().html()),
    });
  });
  return items;
}

function toNotices(
  items: ListItem[],
  pageUrl: string,
  language: 'zh' | 'en',
  skipped: SkippedRow[],
): Notice[] {
  const notices = new Map<string, Notice>();
  for (const item of items) {
    const title = item.title?.replace(/\s+/g, ' ').trim();
    const url = absoluteUrl(item.href, pageUrl);
    if (!title || !url) {
      skipped.push({ reason: 'list item without a title or link' });
      continue;
    }
    const id = new URL(url).pathname;
    if (notices.has(id)) continue;
    notices.set(id, {
      source: 'mofcom',
      id,
      title,
      url,
      publishedAt:
        chinaDate(item.date) ??
        chinaDate(/(\d{4})年(\d{1,2})月(\d{1,2})日/.exec(title)?.slice(1, 4).join('-')),
      agency: language === 'zh' ? '商务部 (MOFCOM)' : 'MOFCOM',
      summary: null,
    });
  }
  return [...notices.values()];
}

/**
 * "2025-04-04 18:00:00" (China time, UTC+8) or an ISO instant → epoch ms. A date without a time,
 * "[2025-04-04]", is that calendar day at 00:00 UTC, as Federal Register dates are: China's midnight
 * would be the previous day in UTC, and every date ree-watch shows is a UTC day.
 */
function chinaDate(text: string | undefined): number | null {
  if (!text) return null;
  if (/^\d{4}-\d{2}-\d{2}T/.test(text)) return Date.parse(text);
  const match = /(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?/.exec(text);
  if (!match) return null;
  const [, y, m, d, hh, mm, ss = '0'] = match;
  const pad = (value: string | undefined) => (value ?? '0').padStart(2, '0');
  const day = `${y}-${pad(m)}-${pad(d)}`;
  const at = Date.parse(
    hh === undefined ? `${day}T00:00:00Z` : `${day}T${pad(hh)}:${pad(mm)}:${pad(ss)}+08:00`,
  );
  return Number.isNaN(at) ? null : at;
}

/** `queryData="{'webId':'…','pageId':'…'}"`: single-quoted JSON in an attribute. */
function parseQueryData(text: string, page: string): Record<string, string> {
  if (text.trim() === '') return {};
  try {
    const parsed = JSON.parse(text.replace(/'/g, '"')) as Record<string, unknown>;
    return Object.fromEntries(Object.entries(parsed).map(([key, value]) => [key, String(value)]));
  } catch {
    throw new SourceError('mofcom', 'malformed', page, 'the list parameters (queryData) are not readable');
  }
}

function layoutChanged(url: string, html: string, list: string): SourceError {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1]?.trim();
  return new SourceError(
    'mofcom',
    'blocked',
    url,
    `no items in the ${list} list${title ? ` (page titled "${title.slice(0, 60)}")` : ''}: an anti-bot check or a changed layout`,
  );
}

/** China's MOFCOM, its Chinese and English sites: MOFCOM_URL, MOFCOM_EN_URL. */
export const mofcomProvider: SourceProvider = {
  name: 'mofcom',
  kind: 'notice',
  configKeys: ['MOFCOM_URL', 'MOFCOM_EN_URL'],
  create: (sources) => createMofcomSource({ url: sources.mofcom.url, englishUrl: sources.mofcom.englishUrl }),
};

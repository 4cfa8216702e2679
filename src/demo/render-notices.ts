import { FEDERAL_REGISTER, MOFCOM_CHINESE, MOFCOM_ENGLISH, NEWS_FEED } from './snapshot/notices.js';
import { chinaDay } from './timeline.js';

/**
 * MOFCOM, Federal Register and RSS answers in the shapes the sources parse, holding only what was
 * published at `now`. MOFCOM's markup follows what maintained public scrapers rely on (see the
 * README of tests/fixtures): no saved MOFCOM page exists to copy.
 */

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** The list's unit service, named by the column page. */
export const MOFCOM_UNIT_PATH = '/api-gateway/jpaas-publish-server/front/page/build/unit';

/** The current CMS's column page: an empty shell naming the list's unit service. */
export function mofcomShell(): string {
  return [
    '<!DOCTYPE html>',
    '<html>',
    '<head>',
    '<meta charset="utf-8">',
    '<title>政策发布_中华人民共和国商务部</title>',
    '</head>',
    '<body>',
    '<div class="location">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk/">政务公开</a> &gt; 政策发布</div>',
    '<div class="page-content">',
    `<div id="分页列表" queryData="{'pageId':'fc8bdff48fa345a48b651c1285b70b8f','rows':'15'}" url="${MOFCOM_UNIT_PATH}"></div>`,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The unit service's JSON: `{code, success, data: {html}}` with the list, newest first. */
export function mofcomUnit(now: number): unknown {
  const items = MOFCOM_CHINESE.filter((item) => chinaDay(item.date) <= now)
    .slice()
    .sort((a, b) => b.date.localeCompare(a.date));
  const rows = items.map((item) => {
    const short = [...item.title].length > 24 ? `${[...item.title].slice(0, 24).join('')}…` : item.title;
    return `<li><a href="${escapeHtml(item.href)}" title="${escapeHtml(item.title)}" target="_blank">${escapeHtml(short)}</a><span>[${item.date}]</span></li>`;
  });
  const html = `<ul class="txtList_01">${rows.join('')}</ul><div class="pagination" rows="15" count="${items.length}" pageNo="1"></div>`;
  return { code: '200', success: true, data: { html } };
}

/** The English "Announcements and Orders" list: links under /art/YYYY/, dated by parseToData(ms). */
export function mofcomEnglishList(now: number): string {
  const sections = MOFCOM_ENGLISH.filter((item) => Date.parse(item.at) <= now).map((item) =>
    [
      '<section>',
      `<a href="${escapeHtml(item.href)}" target="_blank">${escapeHtml(item.title)}</a>`,
      `<span><script>parseToData(${Date.parse(item.at)},1)</script></span>`,
      '</section>',
    ].join('\n'),
  );
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<title>Announcements and Orders</title>',
    "<script>function parseToData(ms, type) { var d = new Date(ms); document.write(d.getFullYear() + '-' + (d.getMonth() + 1) + '-' + d.getDate()); }</script>",
    '</head>',
    '<body>',
    '<div class="list">',
    ...sections,
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The page behind a placeholder link: says what the announcement is and that its address was not verified. */
export function placeholderArticle(path: string): string | undefined {
  const item = MOFCOM_CHINESE.find((candidate) => candidate.href === path);
  if (!item) return undefined;
  return [
    '<!DOCTYPE html>',
    '<html><head><meta charset="utf-8"><title>ree-watch demo placeholder</title></head><body>',
    `<h1>${escapeHtml(item.title)}</h1>`,
    `<p>Published by MOFCOM on ${item.date}. This is the ree-watch demo's placeholder: the announcement's`,
    'address on mofcom.gov.cn was not verified, so the snapshot does not invent one. Find it in the list at',
    '<a href="https://www.mofcom.gov.cn/zwgk/zcfb/">https://www.mofcom.gov.cn/zwgk/zcfb/</a>.</p>',
    '</body></html>',
    '',
  ].join('\n');
}

/**
 * `documents.json`: the documents published on or after the search's start date and by `now`, with
 * the fields asked for. As the register's server builds it: no `results` key when nothing matched,
 * and no `next_page_url` on the last page.
 */
export function federalRegisterAnswer(query: URLSearchParams, now: number): unknown {
  const term = query.get('conditions[term]') ?? '';
  const since = query.get('conditions[publication_date][gte]') ?? '0000-00-00';
  const today = new Date(now).toISOString().slice(0, 10);
  const fields = query.getAll('fields[]');
  const documents = FEDERAL_REGISTER.filter(
    (doc) => doc.publication_date >= since && doc.publication_date <= today,
  ).sort((a, b) => b.publication_date.localeCompare(a.publication_date));
  const description = `Documents matching '${term}' and published on or after ${since}`;
  if (documents.length === 0) return { count: 0, description };
  return {
    count: documents.length,
    description,
    total_pages: 1,
    results: documents.map((doc) => {
      const full: Record<string, unknown> = {
        ...doc,
        agencies: doc.agencies.map((agency) => ({
          ...agency,
          url: `https://www.federalregister.gov/agencies/${agency.slug}`,
        })),
      };
      const wanted = fields.length > 0 ? fields : Object.keys(full);
      return Object.fromEntries(wanted.filter((field) => field in full).map((field) => [field, full[field]]));
    }),
  };
}

/** An RSS 2.0 feed of the news items published by `now`, newest first. */
export function newsFeed(selfUrl: string, now: number): string {
  const items = NEWS_FEED.items
    .filter((item) => Date.parse(item.pubDate) <= now)
    .sort((a, b) => Date.parse(b.pubDate) - Date.parse(a.pubDate));
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<rss version="2.0">',
    '<channel>',
    `<title>${escapeHtml(NEWS_FEED.title)}</title>`,
    `<link>${escapeHtml(selfUrl)}</link>`,
    `<description>${escapeHtml(NEWS_FEED.description)}</description>`,
    '<language>en</language>',
    ...items.map((item) =>
      [
        '<item>',
        `<title>${escapeHtml(item.title)}</title>`,
        `<link>${escapeHtml(item.link)}</link>`,
        `<guid isPermaLink="true">${escapeHtml(item.link)}</guid>`,
        `<pubDate>${item.pubDate}</pubDate>`,
        `<description>${escapeHtml(item.description)}</description>`,
        '</item>',
      ].join('\n'),
    ),
    '</channel>',
    '</rss>',
    '',
  ].join('\n');
}

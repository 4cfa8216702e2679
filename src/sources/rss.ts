import { createHash } from 'node:crypto';
import { parseFeed } from '@rowanmanning/feed-parser';
import type { Notice } from '../model/notice.js';
import { absoluteUrl, clip, htmlToText } from './html.js';
import { decodeText, htmlInsteadOf } from './parse.js';
import { rssHealthKey } from './requests.js';
import type { NoticeFetchResult, NoticeRequest, NoticeSource, SkippedRow, SourceProvider } from './source.js';
import { SourceError } from './types.js';

/** Any RSS 2.0 or Atom feed named by a watchlist (news, agency feeds, the Federal Register's documents.rss). */
export function createRssSource(): NoticeSource {
  return {
    name: 'rss',
    kind: 'notice',
    healthKey: (request) => rssHealthKey(request.feed),
    describe: (request) => request.feed ?? '(no feed URL)',

    async fetch(request, context) {
      const feedUrl = feedOf(request);
      const response = await context.http.get(feedUrl, {
        accept: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8',
        untrusted: true,
      });
      if (response.notModified)
        return { notices: [], skipped: [], unchanged: 'not modified since the last poll (304)' };
      const origin = { source: 'rss', url: feedUrl };
      const text = decodeText(response.body, response.contentType);
      if (text.trim() === '')
        throw new SourceError('rss', 'empty', feedUrl, 'answered with an empty body instead of a feed');
      if (/^\s*(<!doctype html|<html)/i.test(text)) throw htmlInsteadOf('an RSS or Atom feed', text, origin);
      let feed: ReturnType<typeof parseFeed>;
      try {
        feed = parseFeed(text);
      } catch (error) {
        throw new SourceError(
          'rss',
          'malformed',
          feedUrl,
          `not an RSS or Atom feed (${(error as Error).message})`,
          { cause: error },
        );
      }
      const agency = htmlToText(feed.title) ?? new URL(feedUrl).host;
      const notices = new Map<string, Notice>();
      const skipped: SkippedRow[] = [];
      for (const item of feed.items) {
        const title = htmlToText(item.title);
        const link = absoluteUrl(item.url ?? undefined, response.url);
        if (!title && !link) {
          skipped.push({ reason: 'item without a title or link' });
          continue;
        }
        const published = item.published ?? item.updated;
        const publishedAt = published && !Number.isNaN(published.getTime()) ? published.getTime() : null;
        // Feeds without GUIDs are common; the link, then title + date, stand in for one.
        const id =
          item.id?.trim() ||
          link ||
          createHash('sha256')
            .update(`${title}|${publishedAt ?? ''}`)
            .digest('hex')
            .slice(0, 24);
        if (notices.has(id)) {
          skipped.push({ reason: 'duplicate item id', detail: id });
          continue;
        }
        notices.set(id, {
          source: 'rss',
          id,
          title: title ?? link ?? id,
          url: link ?? response.url,
          publishedAt,
          agency,
          summary: clip(htmlToText(item.description ?? item.content)) ?? null,
          feed: feedUrl,
        });
      }
      return { notices: [...notices.values()], skipped } satisfies NoticeFetchResult;
    },
  };
}

function feedOf(request: NoticeRequest): string {
  if (!request.feed)
    throw new SourceError(
      'rss',
      'malformed',
      'rss:request',
      `no feed URL (${request.watchlists.join(', ')})`,
    );
  return request.feed;
}

/** Any RSS or Atom feed: each watchlist names its feed, so nothing is configured. */
export const rssProvider: SourceProvider = {
  name: 'rss',
  kind: 'notice',
  configKeys: [],
  create: () => createRssSource(),
};

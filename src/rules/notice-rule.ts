import type { FireOutcome } from '../model/alert.js';
import type { Notice } from '../model/notice.js';
import { DAY_MS } from '../model/time.js';
import type { NoticeWatchlist } from '../model/watchlist.js';
import { matchesAgency, matchKeywords } from './keyword-match.js';
import { dedupKey, NOTICE_RULE } from './rule-key.js';
import { sourceLabel } from './source-labels.js';

/** The rule's input: a notice with when ree-watch first saw it (the date when the source gives none). */
export interface SeenNotice extends Notice {
  firstSeenAt: number;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * `notice`: each stored notice of the watchlist's source that matches its keywords (and agencies)
 * and is at most `max_age_days` old fires once. The age limit keeps the first poll of a feed, which
 * returns months of history, from flooding channels.
 */
export function evaluateNoticeWatchlist(
  watchlist: NoticeWatchlist,
  notices: readonly SeenNotice[],
  now: number,
): FireOutcome[] {
  const source = sourceLabel(watchlist.source);
  const oldest = now - watchlist.max_age_days * DAY_MS;
  const fired: FireOutcome[] = [];
  for (const notice of notices) {
    const when = notice.publishedAt ?? notice.firstSeenAt;
    if (when < oldest) continue;
    if (!matchesAgency(notice.agency, watchlist.agencies)) continue;
    const match = matchKeywords(`${notice.title}\n${notice.summary ?? ''}`, watchlist.match);
    if (!match.matched) continue;
    const subject = `${notice.source}:${notice.id}`;
    fired.push({
      outcome: 'fire',
      watchlistId: watchlist.id,
      rule: NOTICE_RULE,
      subject,
      period: null,
      alert: {
        dedupKey: dedupKey(watchlist.id, NOTICE_RULE, notice.source, notice.id),
        watchlistId: watchlist.id,
        rule: NOTICE_RULE,
        subject,
        period: null,
        kind: 'event',
        severity: 'warning',
        headline: `New ${source.name} notice${notice.publishedAt === null ? '' : ` of ${day(notice.publishedAt)}`}: ${notice.title.trim()}`,
        facts: [
          {
            label: 'Published',
            value: notice.publishedAt === null ? 'date not given' : day(notice.publishedAt),
          },
          ...(notice.agency ? [{ label: 'Agency', value: notice.agency }] : []),
          { label: 'Matched', value: match.keywords.join(', ') },
        ],
        source: source.name,
        url: notice.url,
        notice: {
          title: notice.title.trim(),
          published: notice.publishedAt === null ? null : day(notice.publishedAt),
          ...(notice.agency ? { agency: notice.agency } : {}),
          matched: match.keywords,
        },
      },
    });
  }
  return fired;
}

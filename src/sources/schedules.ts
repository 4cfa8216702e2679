import type { Config } from '../config.js';
import type { Watchlist } from '../model/watchlist.js';
import { requestsFor, rssHealthKey } from './requests.js';

/** One polled source (by health key) and the cron schedule it runs on. */
export interface SourceSchedule {
  source: string;
  kind: 'trade' | 'notice';
  cron: string;
}

/**
 * The schedule of every source the watchlists poll, keyed like source health (`rss:<host>` for
 * feeds), so /healthz and `/ree status` can show "last success … next run …" side by side.
 */
export function sourceSchedules(watchlists: readonly Watchlist[], config: Config): SourceSchedule[] {
  const schedules = new Map<string, SourceSchedule>();
  for (const request of requestsFor(watchlists)) {
    const source =
      request.kind === 'notice' && request.source === 'rss' ? rssHealthKey(request.feed) : request.source;
    const cron = request.kind === 'trade' ? config.pollCron : config.noticePollCron;
    schedules.set(source, { source, kind: request.kind, cron });
  }
  return [...schedules.values()].sort((a, b) => a.source.localeCompare(b.source));
}

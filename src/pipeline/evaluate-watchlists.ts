import { DAY_MS } from '../clock.js';
import { evaluateTradeWatchlist } from '../rules/evaluate-trade.js';
import { evaluateNoticeWatchlist } from '../rules/notice-rule.js';
import { REVISION_WINDOW_MS } from '../rules/revision-rule.js';
import type { RuleOutcome } from '../rules/types.js';
import type { NoticeStore } from '../store/notices.js';
import type { TradeHistoryStore } from '../store/trade-history.js';
import type { Watchlist } from '../watchlists/types.js';

export interface HistoryReaders {
  trade: TradeHistoryStore;
  notices: NoticeStore;
}

/** Reads what each watchlist needs from the store and runs its rules (the rules themselves do no I/O). */
export function evaluateWatchlists(
  watchlists: readonly Watchlist[],
  readers: HistoryReaders,
  now: number,
  /** Which outcomes to return; the others are dropped as each watchlist is evaluated. */
  keep: (outcome: RuleOutcome) => boolean = () => true,
): RuleOutcome[] {
  return watchlists.flatMap((watchlist) => evaluateWatchlist(watchlist, readers, now).filter(keep));
}

function evaluateWatchlist(watchlist: Watchlist, readers: HistoryReaders, now: number): RuleOutcome[] {
  return watchlist.kind === 'trade'
    ? evaluateTradeWatchlist(watchlist, readers.trade.historiesFor(watchlist, now - REVISION_WINDOW_MS), now)
    : evaluateNoticeWatchlist(
        watchlist,
        // A feed watchlist reads only its own feed's items; list sources (mofcom, dgft …) are one stream.
        readers.notices.since(watchlist.source, now - watchlist.max_age_days * DAY_MS, watchlist.feed),
        now,
      );
}

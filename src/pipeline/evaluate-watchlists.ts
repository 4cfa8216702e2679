import type { RuleOutcome } from '../model/alert.js';
import { DAY_MS } from '../model/time.js';
import type { Watchlist } from '../model/watchlist.js';
import { evaluateTradeWatchlist } from '../rules/evaluate-trade.js';
import { evaluateNoticeWatchlist } from '../rules/notice-rule.js';
import { REVISION_WINDOW_MS } from '../rules/revision-rule.js';
import { type SeriesSnapshot, seriesSnapshot } from '../rules/series-snapshot.js';
import type { AlertCycleRepositories } from './ports.js';

export interface HistoryReaders {
  trade: Pick<AlertCycleRepositories['tradeHistory'], 'historiesFor'>;
  notices: AlertCycleRepositories['notices'];
}

export interface Evaluation {
  outcomes: RuleOutcome[];
  /** The newest month and its comparisons, for the series that fired or were alerting. */
  snapshots: SeriesSnapshot[];
}

/** Reads what each watchlist needs from the store and runs its rules (the rules themselves do no I/O). */
export async function evaluateWatchlists(
  watchlists: readonly Watchlist[],
  readers: HistoryReaders,
  now: number,
  /** Which outcomes to return; the others are dropped as each watchlist is evaluated. */
  keep: (outcome: RuleOutcome) => boolean = () => true,
  /** Series (watchlist id, subject) that were alerting before: their snapshot is kept whatever fired. */
  alerting: (watchlist: string, subject: string) => boolean = () => false,
): Promise<Evaluation> {
  const evaluation: Evaluation = { outcomes: [], snapshots: [] };
  for (const watchlist of watchlists) {
    if (watchlist.kind === 'notice') {
      // A feed watchlist reads only its own feed's items; list sources (mofcom, dgft …) are one stream.
      const notices = await readers.notices.since(
        watchlist.source,
        now - watchlist.max_age_days * DAY_MS,
        watchlist.feed,
      );
      evaluation.outcomes.push(...evaluateNoticeWatchlist(watchlist, notices, now).filter(keep));
      continue;
    }
    const histories = await readers.trade.historiesFor(watchlist, now - REVISION_WINDOW_MS);
    const outcomes = evaluateTradeWatchlist(watchlist, histories, now);
    evaluation.outcomes.push(...outcomes.filter(keep));
    for (const series of histories) {
      const moved = outcomes.some(
        (outcome) => outcome.subject === series.subject && outcome.outcome === 'fire',
      );
      if (moved || alerting(watchlist.id, series.subject))
        evaluation.snapshots.push(seriesSnapshot(watchlist, series));
    }
  }
  return evaluation;
}

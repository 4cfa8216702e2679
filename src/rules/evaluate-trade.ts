import type { RuleOutcome } from '../model/alert.js';
import type { SeriesHistory } from '../model/trade.js';
import type { TradeRule, TradeWatchlist } from '../model/watchlist.js';
import { evaluateChangeRule } from './change-rule.js';
import { evaluateFloorRule } from './floor-rule.js';
import { evaluateRevisionRule } from './revision-rule.js';
import { evaluateStaleRule } from './stale-rule.js';
import { evaluateStreakRule } from './streak-rule.js';
import type { TradeRuleInput } from './trade-input.js';

/** One rule against one series. Pure: the same history and moment always give the same outcome. */
export function evaluateTradeRule(input: TradeRuleInput): RuleOutcome[] {
  const rule: TradeRule = input.rule;
  switch (rule.type) {
    case 'drop':
    case 'rise':
      return [evaluateChangeRule({ ...input, rule })];
    case 'floor':
      return [evaluateFloorRule({ ...input, rule })];
    case 'streak':
      return [evaluateStreakRule({ ...input, rule })];
    case 'stale':
      return [evaluateStaleRule({ ...input, rule })];
    case 'revision':
      return evaluateRevisionRule({ ...input, rule });
  }
}

/** Every rule of a trade watchlist against each of its series (one per HS code). */
export function evaluateTradeWatchlist(
  watchlist: TradeWatchlist,
  histories: readonly SeriesHistory[],
  now: number,
): RuleOutcome[] {
  return histories.flatMap((series) =>
    watchlist.rules.flatMap((rule) => evaluateTradeRule({ watchlist, rule, series, now })),
  );
}

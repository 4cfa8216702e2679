import type { TradeRule } from '../model/watchlist.js';
import { formatAmount } from './format.js';

/**
 * A stable, readable identity for a rule inside its watchlist, e.g. "drop:previous-month:20%".
 * Derived from the rule's settings (not its position), so reordering the file keeps alert history.
 */
export function ruleKey(rule: TradeRule): string {
  switch (rule.type) {
    case 'drop':
    case 'rise': {
      const compare = rule.compare === 'trailing-average' ? `trailing-average-${rule.months}m` : rule.compare;
      const bounds = [
        rule.below === undefined ? '' : `:below-${rule.below}`,
        rule.above === undefined ? '' : `:above-${rule.above}`,
      ].join('');
      return `${rule.type}:${compare}:${rule.percent}%${bounds}`;
    }
    case 'floor':
      return `floor:below-${rule.below}`;
    case 'streak':
      return `streak:${rule.months}m`;
    case 'stale':
      return `stale:${rule.days}d`;
    case 'revision':
      return `revision:${rule.percent}%`;
  }
}

export const NOTICE_RULE = 'notice';

/** watchlist/rule/subject/period: the key that makes an alert fire once, however often we poll. */
export function dedupKey(watchlistId: string, rule: string, subject: string, period: string): string {
  return `${watchlistId}/${rule}/${subject}/${period}`;
}

/** What the rule watches for, in words: "a drop of 20% or more from the previous month". */
export function describeRule(rule: TradeRule, unit: string): string {
  switch (rule.type) {
    case 'drop':
    case 'rise': {
      const noun = rule.type === 'drop' ? 'a drop' : 'a rise';
      const against =
        rule.compare === 'previous-month'
          ? 'the previous month'
          : rule.compare === 'same-month-last-year'
            ? 'the same month last year'
            : `the ${rule.months}-month average`;
      const preposition = rule.type === 'drop' ? 'from' : 'over';
      const bounds = [
        rule.below === undefined ? '' : ` to below ${formatAmount(rule.below, unit)}`,
        rule.above === undefined ? '' : ` to above ${formatAmount(rule.above, unit)}`,
      ].join('');
      return `${noun} of ${rule.percent}% or more ${preposition} ${against}${bounds}`;
    }
    case 'floor':
      return `a month below ${formatAmount(rule.below, unit)}`;
    case 'streak':
      return `${rule.months} or more monthly declines in a row`;
    case 'stale':
      return `no new month for more than ${rule.days} days`;
    case 'revision':
      return `a published month revised by more than ${rule.percent}%`;
  }
}

/**
 * What a rule watches for, as the series state sees it: a fall (drop, floor, streak), a rise, a
 * silence (stale), or a one-off event (revision, notice). Read from the key, so an alert stored
 * for a rule since removed from the watchlist still has a kind.
 */
export type RuleKind = 'fall' | 'rise' | 'stale' | 'event';

export function ruleKindOf(key: string): RuleKind {
  const type = key.split(':', 1)[0];
  if (type === 'drop' || type === 'floor' || type === 'streak') return 'fall';
  if (type === 'rise') return 'rise';
  if (type === 'stale') return 'stale';
  return 'event';
}

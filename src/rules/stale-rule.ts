import type { RuleOutcome } from '../model/alert.js';
import { DAY_MS } from '../model/time.js';
import { formatPeriod, periodEnd } from './periods.js';
import { describeRule } from './rule-key.js';
import {
  clear,
  fire,
  latestPoint,
  type RuleOf,
  seriesFacts,
  seriesLabel,
  skip,
  type TradeRuleInput,
} from './trade-input.js';

/**
 * `stale`: the newest month on record ended more than N days ago. Sources lag by weeks; a lag well
 * beyond the usual is itself news (a publication pause, a broken feed). A suppressed month still
 * counts as published. Measured from the end of the month, so it needs no fetch bookkeeping.
 */
export function evaluateStaleRule(input: TradeRuleInput<RuleOf<'stale'>>): RuleOutcome {
  const latest = latestPoint(input.series);
  if (!latest) return skip(input, null, 'no-data', `no figures stored yet for HS ${input.series.hs}`);
  const ageDays = Math.floor((input.now - periodEnd(latest.period)) / DAY_MS);
  const label = seriesLabel(input);
  const period = formatPeriod(latest.period);
  const facts = [
    { label: 'Newest month', value: period },
    { label: 'Days since it ended', value: String(Math.max(0, ageDays)) },
    ...seriesFacts(input, describeRule(input.rule, input.series.unit)),
  ];
  if (ageDays <= input.rule.days)
    return clear(input, latest.period, `${label}: up to date again, the newest month is ${period}.`, facts);
  return fire(input, latest.period, {
    severity: 'info',
    headline: `No new figure for ${label} since ${period}: that month ended ${ageDays} days ago (the limit is ${input.rule.days} days).`,
    facts,
  });
}

import type { RuleOutcome } from '../model/alert.js';
import { findBaseline } from './baseline.js';
import { formatAmount, formatChange, formatPercent, percentChange } from './format.js';
import { formatPeriod } from './periods.js';
import { describeRule } from './rule-key.js';
import {
  checkLatest,
  clear,
  fire,
  isNoTrade,
  isSkip,
  noTradeSentence,
  type RuleOf,
  seriesFacts,
  seriesLabel,
  skip,
  type TradeRuleInput,
} from './trade-input.js';

type ChangeRule = RuleOf<'drop'> | RuleOf<'rise'>;

/**
 * `drop` and `rise`: the latest month against the previous month, the same month a year earlier or
 * the trailing N-month average, optionally only when the new figure is also below/above an amount.
 */
export function evaluateChangeRule(input: TradeRuleInput<ChangeRule>): RuleOutcome {
  const { rule } = input;
  const latest = checkLatest(input);
  if (isSkip(latest)) return latest;
  const value = latest.value as number;
  const unit = latest.unit;
  if ((rule.below !== undefined || rule.above !== undefined) && unit !== input.series.unit)
    return skip(
      input,
      latest.period,
      'unit-change',
      `the rule's amount is in ${input.series.unit} but ${formatPeriod(latest.period)} is in ${unit}`,
    );
  const baseline = findBaseline(input.series, latest, rule.compare, rule.months);
  if (!baseline.ok) return skip(input, latest.period, baseline.code, baseline.detail);

  const change = percentChange(baseline.value, value);
  const moved = rule.type === 'drop' ? change <= -rule.percent : change >= rule.percent;
  const withinBounds =
    (rule.below === undefined || value < rule.below) && (rule.above === undefined || value > rule.above);
  const label = seriesLabel(input);
  const period = formatPeriod(latest.period);
  const now = formatAmount(value, unit);
  const then = formatAmount(baseline.value, unit);
  const ruleText = describeRule(rule, input.series.unit);
  const fromLabel = rule.compare === 'trailing-average' ? 'Average' : 'From';
  const facts = [
    { label: 'Period', value: period },
    { label: fromLabel, value: `${then} (${baseline.description})` },
    {
      label: 'To',
      value: isNoTrade(latest)
        ? 'no trade recorded'
        : latest.status === 'estimated'
          ? `${now} (estimated)`
          : now,
    },
    { label: 'Change', value: formatChange(change) },
    ...seriesFacts(input, ruleText),
  ];

  if (!(moved && withinBounds)) {
    const headline = `${label} in ${period}: ${now}, ${formatChange(change)} against ${baseline.description}; no longer ${ruleText}.`;
    return clear(input, latest.period, headline, facts);
  }

  const verb = rule.type === 'drop' ? 'fell' : 'rose';
  const direction = rule.type === 'drop' ? 'down from' : 'up from';
  const amount = formatPercent(change);
  let headline: string;
  if (isNoTrade(latest))
    // Only a drop can hold on a zero.
    headline =
      rule.compare === 'trailing-average'
        ? `${noTradeSentence(label, period)}, against its ${rule.months}-month average of ${then} over ${averagedMonths(baseline.description)}.`
        : `${noTradeSentence(label, period)}, down from ${then} in ${baseline.description}.`;
  else if (rule.compare === 'previous-month')
    headline = `${label} ${verb} ${amount} in ${period}: ${now}, ${direction} ${then} in ${baseline.description}.`;
  else if (rule.compare === 'same-month-last-year')
    headline = `${label} ${verb} ${amount} year on year in ${period}: ${now}, ${direction} ${then} in ${baseline.description}.`;
  else
    headline = `${label} ${verb} ${amount} ${rule.type === 'drop' ? 'below' : 'above'} its ${rule.months}-month average in ${period}: ${now}, against ${then} over ${averagedMonths(baseline.description)}.`;

  const severity =
    rule.type === 'rise' ? 'info' : Math.abs(change) >= 2 * rule.percent ? 'critical' : 'warning';
  return fire(input, latest.period, { severity, headline, facts });
}

/** "November 2024 – April 2025" out of "the 6-month average over November 2024 – April 2025". */
const averagedMonths = (description: string): string =>
  description.replace(/^the \d+-month average over /, '');

export const evaluateDropRule = (input: TradeRuleInput<RuleOf<'drop'>>): RuleOutcome =>
  evaluateChangeRule(input);
export const evaluateRiseRule = (input: TradeRuleInput<RuleOf<'rise'>>): RuleOutcome =>
  evaluateChangeRule(input);

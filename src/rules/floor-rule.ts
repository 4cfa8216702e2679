import type { RuleOutcome } from '../model/alert.js';
import { formatAmount } from './format.js';
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

/** `floor`: the latest month is below an absolute amount (USD or kg). */
export function evaluateFloorRule(input: TradeRuleInput<RuleOf<'floor'>>): RuleOutcome {
  const latest = checkLatest(input);
  if (isSkip(latest)) return latest;
  const unit = input.series.unit;
  if (latest.unit !== unit)
    return skip(
      input,
      latest.period,
      'unit-change',
      `the floor is in ${unit} but ${formatPeriod(latest.period)} is in ${latest.unit}`,
    );
  const value = latest.value as number;
  const label = seriesLabel(input);
  const period = formatPeriod(latest.period);
  const floor = formatAmount(input.rule.below, unit);
  const facts = [
    { label: 'Period', value: period },
    { label: 'Value', value: isNoTrade(latest) ? 'no trade recorded' : formatAmount(value, unit) },
    { label: 'Floor', value: floor },
    ...seriesFacts(input, describeRule(input.rule, unit)),
  ];
  if (value >= input.rule.below)
    return clear(
      input,
      latest.period,
      `${label} stood at ${formatAmount(value, unit)} in ${period}, at or above the floor of ${floor}.`,
      facts,
    );
  return fire(input, latest.period, {
    severity: 'warning',
    headline: isNoTrade(latest)
      ? `${noTradeSentence(label, period)}, below the floor of ${floor}.`
      : `${label} stood at ${formatAmount(value, unit)} in ${period}, below the floor of ${floor}.`,
    facts,
  });
}

import type { RuleOutcome } from '../model/alert.js';
import { usableMonths } from './baseline.js';
import { formatAmount, formatChange, percentChange } from './format.js';
import { addMonths, formatPeriod } from './periods.js';
import { describeRule } from './rule-key.js';
import {
  checkLatest,
  clear,
  fire,
  isSkip,
  pointsByPeriod,
  type RuleOf,
  seriesFacts,
  seriesLabel,
  skip,
  type TradeRuleInput,
} from './trade-input.js';

/** `streak`: N consecutive monthly declines ending with the latest month (N + 1 months of data). */
export function evaluateStreakRule(input: TradeRuleInput<RuleOf<'streak'>>): RuleOutcome {
  const latest = checkLatest(input);
  if (isSkip(latest)) return latest;
  const needed = input.rule.months;
  const earlier = Array.from({ length: needed }, (_, index) => addMonths(latest.period, index - needed));
  const usable = usableMonths(pointsByPeriod(input.series), latest, earlier);
  if (!usable.ok) return skip(input, latest.period, usable.code, usable.detail);

  const run = [...usable.points, { ...latest, value: latest.value as number }];
  let declines = 0;
  for (let index = run.length - 1; index > 0; index--) {
    if ((run[index]?.value as number) < (run[index - 1]?.value as number)) declines++;
    else break;
  }
  const label = seriesLabel(input);
  const unit = latest.unit;
  const first = run[0] as (typeof run)[number];
  const previous = run[run.length - 2] as (typeof run)[number];
  const now = formatAmount(latest.value as number, unit);
  const period = formatPeriod(latest.period);
  const facts = [
    { label: 'Period', value: period },
    { label: 'Declines in a row', value: String(declines) },
    { label: 'From', value: `${formatAmount(first.value, unit)} (${formatPeriod(first.period)})` },
    { label: 'To', value: now },
    ...(first.value > 0
      ? [
          {
            label: 'Change',
            value: formatChange(percentChange(first.value, run[run.length - 1]?.value as number)),
          },
        ]
      : []),
    ...seriesFacts(input, describeRule(input.rule, input.series.unit)),
  ];
  if (declines < needed) {
    const headline =
      declines === 0
        ? `${label} did not fall in ${period}: ${now} against ${formatAmount(previous.value, unit)} in ${formatPeriod(previous.period)}.`
        : `${label}: ${declines} monthly decline${declines === 1 ? '' : 's'} in a row to ${period}, fewer than the ${needed} the rule needs.`;
    return clear(input, latest.period, headline, facts);
  }
  const total =
    first.value > 0 ? ` (${formatChange(percentChange(first.value, latest.value as number))})` : '';
  return fire(input, latest.period, {
    severity: 'warning',
    headline: `${label} fell for ${needed} months in a row to ${now} in ${period}, from ${formatAmount(first.value, unit)} in ${formatPeriod(first.period)}${total}.`,
    facts,
  });
}

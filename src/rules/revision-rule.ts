import type { RuleOutcome, SkipOutcome } from '../model/alert.js';
import { DAY_MS } from '../model/time.js';
import { formatAmount, formatChange, percentChange } from './format.js';
import { formatPeriod } from './periods.js';
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

/** Revisions older than this are history, not news (e.g. when a watchlist is added later). */
export const REVISION_WINDOW_MS = 30 * DAY_MS;

/**
 * `revision`: a month already on record changed by more than X %. Each revision is an event: it
 * fires once and never repeats or resolves.
 */
export function evaluateRevisionRule(input: TradeRuleInput<RuleOf<'revision'>>): RuleOutcome[] {
  const label = seriesLabel(input);
  const unit = input.series.unit;
  const fired: RuleOutcome[] = [];
  let lastSkip: SkipOutcome | undefined;
  const recent = input.series.revisions
    .filter((revision) => input.now - revision.revisedAt <= REVISION_WINDOW_MS)
    .sort((a, b) => a.revisedAt - b.revisedAt || a.period.localeCompare(b.period));
  for (const revision of recent) {
    const period = formatPeriod(revision.period);
    if (revision.oldValue === null || revision.newValue === null) {
      lastSkip = skip(
        input,
        revision.period,
        'suppressed',
        `the revision of ${period} ${revision.newValue === null ? 'suppressed the figure' : 'published a suppressed figure'}`,
      );
      continue;
    }
    if (revision.oldValue <= 0) {
      lastSkip = skip(input, revision.period, 'zero-baseline', `${period} was revised from zero`);
      continue;
    }
    const change = percentChange(revision.oldValue, revision.newValue);
    if (Math.abs(change) <= input.rule.percent) continue;
    const from = formatAmount(revision.oldValue, revision.unit);
    const to = formatAmount(revision.newValue, revision.unit);
    fired.push(
      fire(input, revision.period, {
        kind: 'event',
        keyPeriod: `${revision.period}@${new Date(revision.revisedAt).toISOString()}`,
        severity: 'info',
        headline: `${label}: the figure for ${period} was revised from ${from} to ${to} (${formatChange(change)}).`,
        facts: [
          { label: 'Period', value: period },
          { label: 'Was', value: from },
          { label: 'Now', value: to },
          { label: 'Change', value: formatChange(change) },
          { label: 'Revised', value: new Date(revision.revisedAt).toISOString().slice(0, 10) },
          ...seriesFacts(input, describeRule(input.rule, unit)),
        ],
      }),
    );
  }
  if (fired.length > 0) return fired;
  if (lastSkip) return [lastSkip];
  const latest = latestPoint(input.series);
  if (!latest) return [skip(input, null, 'no-data', `no figures stored yet for HS ${input.series.hs}`)];
  return [clear(input, latest.period, `${label}: no recent revision beyond ${input.rule.percent}%.`, [])];
}

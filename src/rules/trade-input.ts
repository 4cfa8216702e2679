import type {
  AlertCandidate,
  ClearOutcome,
  Fact,
  FireOutcome,
  SkipCode,
  SkipOutcome,
} from '../model/alert.js';
import type { SeriesHistory, SeriesPoint } from '../model/trade.js';
import type { TradeRule, TradeWatchlist } from '../model/watchlist.js';
import { formatPeriod } from './periods.js';
import { dedupKey, ruleKey } from './rule-key.js';
import { sourceLabel } from './source-labels.js';

export type RuleOf<T extends TradeRule['type']> = Extract<TradeRule, { type: T }>;

/** What every trade rule evaluates: one rule of one watchlist against one series, at one moment. */
export interface TradeRuleInput<R extends TradeRule = TradeRule> {
  watchlist: TradeWatchlist;
  rule: R;
  series: SeriesHistory;
  now: number;
}

const SKIP_WORDS: Record<SkipCode, string> = {
  'no-data': 'no data',
  'missing-month': 'missing month',
  'zero-baseline': 'zero baseline',
  suppressed: 'suppressed value',
  'unit-change': 'unit change',
};

/** "China → India rare-earth magnet exports", plus the HS code when the watchlist has several. */
export function seriesTitle(watchlist: TradeWatchlist, hs: string): string {
  return watchlist.hs.length > 1 ? `${watchlist.title} (HS ${hs})` : watchlist.title;
}

export const seriesLabel = (input: TradeRuleInput): string => seriesTitle(input.watchlist, input.series.hs);

/** A published month without a row for the route: said in words, never as "0 kg". */
export const isNoTrade = (point: SeriesPoint): boolean => point.status === 'no-trade';

/** "China → India …: no trade recorded in May 2025 (the month is published)". */
export const noTradeSentence = (label: string, period: string): string =>
  `${label}: no trade recorded in ${period} (the month is published)`;

export function latestPoint(series: SeriesHistory): SeriesPoint | undefined {
  return series.points[series.points.length - 1];
}

export function pointsByPeriod(series: SeriesHistory): Map<string, SeriesPoint> {
  return new Map(series.points.map((point) => [point.period, point]));
}

function base(input: TradeRuleInput, period: string | null) {
  return {
    watchlistId: input.watchlist.id,
    rule: ruleKey(input.rule),
    subject: input.series.subject,
    period,
  };
}

export function skip(
  input: TradeRuleInput,
  period: string | null,
  code: SkipCode,
  detail: string,
): SkipOutcome {
  return { ...base(input, period), outcome: 'skip', code, reason: `${SKIP_WORDS[code]}: ${detail}` };
}

/** The common skips before a latest figure can be compared with anything. */
export function checkLatest(input: TradeRuleInput): SeriesPoint | SkipOutcome {
  const latest = latestPoint(input.series);
  if (!latest) return skip(input, null, 'no-data', `no figures stored yet for HS ${input.series.hs}`);
  if (latest.value === null)
    return skip(
      input,
      latest.period,
      'suppressed',
      `the figure for ${formatPeriod(latest.period)} is suppressed (confidential)`,
    );
  return latest;
}

export function isSkip(value: SeriesPoint | SkipOutcome): value is SkipOutcome {
  return 'outcome' in value;
}

type AlertFields = Pick<AlertCandidate, 'severity' | 'headline' | 'facts'> & {
  kind?: AlertCandidate['kind'];
  /** Overrides the period part of the dedup key (revisions add when they were revised). */
  keyPeriod?: string;
};

export function fire(input: TradeRuleInput, period: string, fields: AlertFields): FireOutcome {
  const outcome = base(input, period);
  const source = sourceLabel(input.watchlist.source);
  return {
    ...outcome,
    outcome: 'fire',
    alert: {
      dedupKey: dedupKey(outcome.watchlistId, outcome.rule, outcome.subject, fields.keyPeriod ?? period),
      watchlistId: outcome.watchlistId,
      rule: outcome.rule,
      subject: outcome.subject,
      period,
      kind: fields.kind ?? 'condition',
      severity: fields.severity,
      headline: fields.headline,
      facts: fields.facts,
      source: source.name,
      ...(source.url ? { url: source.url } : {}),
    },
  };
}

export function clear(input: TradeRuleInput, period: string, headline: string, facts: Fact[]): ClearOutcome {
  return { ...base(input, period), outcome: 'clear', headline, facts };
}

/** Facts every trade alert carries, after the rule's own. */
export function seriesFacts(input: TradeRuleInput, ruleText: string): Fact[] {
  return [
    { label: 'HS', value: input.series.hs },
    { label: 'Rule', value: ruleText },
  ];
}

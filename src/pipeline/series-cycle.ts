import {
  type AlertCandidate,
  type RuleOutcome,
  type SeriesState,
  type StoredAlert,
  seriesStateKey,
} from '../model/alert.js';
import type { TradeWatchlist, Watchlist } from '../model/watchlist.js';
import type { SeriesEntry } from '../render/alert-digest.js';
import { describeMovement } from '../render/series-entry.js';
import { seriesLink } from '../render/series-link.js';
import { NOTICE_RULE, type RuleKind, ruleKey, ruleKindOf } from '../rules/rule-key.js';
import type { SeriesSnapshot } from '../rules/series-snapshot.js';
import { sourceLabel } from '../rules/source-labels.js';
import {
  decideSeries,
  SERIES_TRANSITIONS,
  type SeriesBefore,
  type SeriesDecision,
  type SeriesTransition,
} from './series-lifecycle.js';
import type { Transition } from './types.js';

export interface SeriesCycleInput {
  watchlists: readonly Watchlist[];
  outcomes: readonly RuleOutcome[];
  snapshots: readonly SeriesSnapshot[];
  /** This cycle's per-rule transitions (new revisions are among the `firing` ones). */
  transitions: readonly Transition[];
  /** Alerts firing before this cycle. */
  firing: readonly StoredAlert[];
  states: ReadonlyMap<string, SeriesState>;
  now: number;
}

export interface SeriesCycle {
  /** One entry per series whose channels are told. */
  entries: SeriesEntry[];
  /** seriesStateKey of every told series. */
  told: Set<string>;
  /** Series alerting after this cycle (saved) and series normal again (deleted). */
  saves: SeriesState[];
  deletes: { watchlist: string; subject: string }[];
  counts: Record<SeriesTransition, number>;
}

/** What one series brought to this cycle, gathered from the per-rule data. */
interface SeriesParts {
  watchlist: string;
  subject: string;
  before: Map<string, StoredAlert>;
  fired: Map<string, AlertCandidate>;
  clear: Set<string>;
  skipped: Set<string>;
  revisions: AlertCandidate[];
}

/**
 * Runs the series state machine for every trade series this cycle touched: gathers each series'
 * rule outcomes, asks decideSeries what happened, writes one entry for each series whose channels
 * are told, and says what the series state table must keep. Pure.
 */
export function runSeriesCycle(input: SeriesCycleInput): SeriesCycle {
  const trade = new Map(
    input.watchlists
      .filter((watchlist): watchlist is TradeWatchlist => watchlist.kind === 'trade')
      .map((watchlist) => [watchlist.id, watchlist]),
  );
  const snapshots = new Map(input.snapshots.map((s) => [seriesStateKey(s.watchlistId, s.subject), s]));
  const parts = gatherParts(input);
  const result: SeriesCycle = {
    entries: [],
    told: new Set(),
    saves: [],
    deletes: [],
    counts: Object.fromEntries(SERIES_TRANSITIONS.map((name) => [name, 0])) as Record<
      SeriesTransition,
      number
    >,
  };
  for (const [key, series] of parts) {
    const watchlist = trade.get(series.watchlist);
    const snapshot = snapshots.get(key);
    const state = input.states.get(key);
    const before = beforeOf(series.before, state);
    const reading = {
      period: snapshot?.period ?? null,
      value: snapshot?.value ?? null,
      holding: new Map<string, RuleKind>([...series.fired.keys()].map((rule) => [rule, ruleKindOf(rule)])),
      clear: series.clear,
      skipped: series.skipped,
      events: series.revisions.length,
    };
    const decision = decideSeries(before, reading, {
      now: input.now,
      repeatMs: watchlist?.repeatIntervalMs ?? Number.POSITIVE_INFINITY,
      silentRecovery: new Set(
        (watchlist?.rules ?? [])
          .filter((rule) => 'notify_resolved' in rule && rule.notify_resolved === false)
          .map(ruleKey),
      ),
    });
    result.counts[decision.transition]++;
    const told = decision.told && watchlist !== undefined && snapshot !== undefined;
    if (told) {
      result.told.add(key);
      result.entries.push(entryFor(watchlist, snapshot, series, before, decision));
    }
    if (decision.alertingAfter.size > 0)
      result.saves.push({
        watchlist: series.watchlist,
        subject: series.subject,
        period: reading.period ?? before.period,
        toldPeriod: told ? reading.period : (before.told?.period ?? null),
        toldValue: told ? reading.value : (before.told?.value ?? null),
        toldAt: told ? input.now : (before.told?.at ?? null),
        updatedAt: input.now,
      });
    else if (state) result.deletes.push({ watchlist: series.watchlist, subject: series.subject });
  }
  return result;
}

function gatherParts(input: SeriesCycleInput): Map<string, SeriesParts> {
  const parts = new Map<string, SeriesParts>();
  const partOf = (watchlist: string, subject: string): SeriesParts => {
    const key = seriesStateKey(watchlist, subject);
    let part = parts.get(key);
    if (!part) {
      part = {
        watchlist,
        subject,
        before: new Map(),
        fired: new Map(),
        clear: new Set(),
        skipped: new Set(),
        revisions: [],
      };
      parts.set(key, part);
    }
    return part;
  };
  // Every firing alert is a trade condition: notices and revisions are stored resolved.
  for (const alert of input.firing) partOf(alert.watchlist, alert.subject).before.set(alert.rule, alert);
  for (const outcome of input.outcomes) {
    if (outcome.rule === NOTICE_RULE) continue;
    const part = partOf(outcome.watchlistId, outcome.subject);
    if (outcome.outcome === 'clear') part.clear.add(outcome.rule);
    else if (outcome.outcome === 'skip') part.skipped.add(outcome.rule);
    else if (outcome.alert.kind === 'condition') part.fired.set(outcome.rule, outcome.alert);
  }
  for (const transition of input.transitions)
    if (
      transition.type === 'firing' &&
      transition.alert.kind === 'event' &&
      transition.alert.rule !== NOTICE_RULE
    )
      partOf(transition.alert.watchlistId, transition.alert.subject).revisions.push(transition.alert);
  return parts;
}

/** The state before this cycle: the stored row, or for a series alerting before rows were kept, its alerts. */
function beforeOf(alerting: ReadonlyMap<string, StoredAlert>, state: SeriesState | undefined): SeriesBefore {
  const rules = new Map([...alerting.keys()].map((rule): [string, RuleKind] => [rule, ruleKindOf(rule)]));
  if (state)
    return {
      alerting: rules,
      period: state.period,
      told: { period: state.toldPeriod, value: state.toldValue, at: state.toldAt },
    };
  const periods = [...alerting.values()].map((alert) => alert.period ?? '').sort();
  const notified = [...alerting.values()].map((alert) => alert.lastNotifiedAt ?? 0);
  const period = periods.at(-1) || null;
  return {
    alerting: rules,
    period,
    told: alerting.size > 0 ? { period, value: null, at: Math.max(...notified) || null } : undefined,
  };
}

function entryFor(
  watchlist: TradeWatchlist,
  snapshot: SeriesSnapshot,
  series: SeriesParts,
  before: SeriesBefore,
  decision: SeriesDecision,
): SeriesEntry {
  const text = describeMovement(watchlist, snapshot, {
    transition: decision.transition as SeriesEntry['transition'],
    newRules: decision.newRules,
    stillRules: decision.stillRules,
    endedRules: decision.endedRules,
    wasFalling: [...before.alerting.values()].includes('fall'),
    worse: decision.worse,
    fired: series.fired,
    revisions: series.revisions,
  });
  const source = sourceLabel(watchlist.source);
  const url = seriesLink(watchlist, snapshot.hs, snapshot.period) ?? source.url;
  return {
    key: `${watchlist.id}/${snapshot.subject}/${snapshot.period ?? 'none'}`,
    watchlistId: watchlist.id,
    watchlistTitle: watchlist.title,
    transition: decision.transition as SeriesEntry['transition'],
    ...text,
    source: source.name,
    ...(url ? { url } : {}),
    ...(text.marker === 'fall' ? { chart: { watchlistId: watchlist.id, hs: snapshot.hs } } : {}),
  };
}

import type { AlertCandidate, AlertSeverity } from '../model/alert.js';
import type { TradeRule, TradeWatchlist } from '../model/watchlist.js';
import { formatAmountIn, formatChange } from '../rules/format.js';
import { formatPeriod } from '../rules/periods.js';
import { ruleKindOf } from '../rules/rule-key.js';
import type { SeriesComparison, SeriesSnapshot } from '../rules/series-snapshot.js';
import { noTradeSentence, seriesTitle } from '../rules/trade-input.js';
import type { EntryNote, Marker, SeriesEntry, ToldTransition } from './alert-digest.js';
import { comparisonLine, entryUnit, ruleReads, rulesByKey, thresholdName } from './comparison-line.js';
import { markerOfRule } from './markers.js';

/** What the series did this cycle, as the lifecycle decided it. */
export interface SeriesMovement {
  transition: ToldTransition;
  /** Rule keys holding now and not before, holding now and before, and alerting before but not now. */
  newRules: readonly string[];
  stillRules: readonly string[];
  endedRules: readonly string[];
  /** The series was alerting on a fall before this cycle: a rise is then a rebound. */
  wasFalling: boolean;
  /** A new month of a fall, a step below the figure last told. */
  worse: boolean;
  /** This cycle's alerts of the series by rule key: the sentences of streak, floor and stale. */
  fired: ReadonlyMap<string, AlertCandidate>;
  /** Revisions first seen this cycle. */
  revisions: readonly AlertCandidate[];
}

/** Everything an entry says, without where it goes (the pipeline adds key, source, link, chart). */
export type EntryText = Pick<SeriesEntry, 'marker' | 'severity' | 'headline' | 'comparisons' | 'notes'>;

const SEVERITY_RANK: Record<AlertSeverity, number> = { info: 0, warning: 1, critical: 2 };

/**
 * One entry for one series: the strongest signal as the headline (a rule that fires for the first
 * time wins over one that still holds), and one line with every comparison. Streak, floor, stale and
 * revision add their own sentence. Pure.
 */
export function describeMovement(
  watchlist: TradeWatchlist,
  snapshot: SeriesSnapshot,
  movement: SeriesMovement,
): EntryText {
  const byKey = rulesByKey(watchlist);
  const holding = new Set([...movement.newRules, ...movement.stillRules]);
  const endedFalls = movement.endedRules.filter((key) => ruleKindOf(key) === 'fall');
  // A revision told on its own leads with itself; a recovery with a rebound, or with the recovery.
  const lead =
    movement.transition === 'revised'
      ? undefined
      : (strongest(movement.newRules, byKey, snapshot) ??
        (movement.transition === 'recover' ? undefined : strongest(movement.stillRules, byKey, snapshot)));
  const headline = chooseHeadline(watchlist, snapshot, movement, lead, endedFalls);
  const notes: EntryNote[] = [...holding]
    .filter((key) => key !== lead && !['drop', 'rise'].includes(byKey.get(key)?.type ?? ''))
    .flatMap((key) => {
      const text = movement.fired.get(key)?.headline;
      return text ? [{ marker: markerOfRule(ruleKindOf(key)), text }] : [];
    });
  for (const revision of movement.revisions)
    if (revision.headline !== headline) notes.push({ marker: 'warning', text: revision.headline });
  const severity = [...holding]
    .map((key) => movement.fired.get(key)?.severity ?? 'info')
    .reduce<AlertSeverity>(
      (worst, next) => (SEVERITY_RANK[next] > SEVERITY_RANK[worst] ? next : worst),
      'info',
    );
  return {
    marker: markerOf(movement, lead),
    severity: movement.transition === 'recover' ? 'info' : severity,
    headline,
    comparisons: comparisonLine(watchlist, snapshot, {
      holding,
      still: new Set(movement.stillRules),
      ended: endedFalls,
    }),
    notes,
  };
}

function markerOf(movement: SeriesMovement, lead: string | undefined): Marker {
  if (movement.transition === 'recover') return 'recovered';
  if (lead === undefined) return 'warning';
  return markerOfRule(ruleKindOf(lead));
}

/** How far past its threshold a rule is; a fall or rise against a baseline ranks by how many times over. */
function score(rule: TradeRule, snapshot: SeriesSnapshot): number {
  if (rule.type === 'drop' || rule.type === 'rise') {
    const comparison = snapshot.comparisons.find((candidate) => ruleReads(rule, candidate));
    return comparison ? Math.abs(comparison.change) / rule.percent : 1;
  }
  return rule.type === 'stale' ? 0.5 : 1;
}

/** The rule with the highest score; the earlier rule of the watchlist on a tie. */
function strongest(
  keys: readonly string[],
  byKey: ReadonlyMap<string, TradeRule>,
  snapshot: SeriesSnapshot,
): string | undefined {
  let best: { key: string; score: number } | undefined;
  for (const [key, rule] of byKey) {
    if (!keys.includes(key)) continue;
    const value = score(rule, snapshot);
    if (!best || value > best.score) best = { key, score: value };
  }
  return best?.key ?? keys[0];
}

function chooseHeadline(
  watchlist: TradeWatchlist,
  snapshot: SeriesSnapshot,
  movement: SeriesMovement,
  lead: string | undefined,
  endedFalls: readonly string[],
): string {
  const byKey = rulesByKey(watchlist);
  const label = seriesTitle(watchlist, snapshot.hs);
  const rule = lead === undefined ? undefined : byKey.get(lead);
  if (rule && (rule.type === 'drop' || rule.type === 'rise')) {
    const comparison = snapshot.comparisons.find((candidate) => ruleReads(rule, candidate));
    if (comparison)
      return changeSentence(label, snapshot, comparison, verbFor(rule.type, lead ?? '', movement));
  }
  if (lead !== undefined) {
    const own = movement.fired.get(lead)?.headline;
    if (own) return own;
  }
  if (movement.transition === 'recover') return recoverySentence(label, snapshot, endedFalls, byKey);
  const revision = movement.revisions[0]?.headline;
  if (revision) return revision;
  return `${label}: ${snapshot.period ? formatPeriod(snapshot.period) : 'no month on record yet'}.`;
}

/** "fell to", "fell further to", "is still down at", "rebounded to" … */
function verbFor(type: 'drop' | 'rise', key: string, movement: SeriesMovement): string {
  const still = movement.stillRules.includes(key);
  if (type === 'drop') {
    if (!still) return 'fell to';
    return movement.worse ? 'fell further to' : 'is still down at';
  }
  if (still && movement.transition !== 'recover') return 'is still up at';
  return movement.wasFalling ? 'rebounded to' : 'rose to';
}

/** "… fell to 198 t in April 2025, -52% on March's 412 t" (or "on its 6-month average of 420 t"). */
function changeSentence(
  label: string,
  snapshot: SeriesSnapshot,
  comparison: SeriesComparison,
  verb: string,
): string {
  const shown = entryUnit(snapshot);
  const period = snapshot.period ?? '';
  const now = formatAmountIn(snapshot.value ?? 0, snapshot.unit, shown);
  const then = formatAmountIn(comparison.base, snapshot.unit, shown);
  const against =
    comparison.compare === 'trailing-average'
      ? `its ${comparison.months}-month average of ${then}`
      : `${baseName(comparison.periods[0] ?? period, period)}'s ${then}`;
  if (snapshot.noTrade) return `${noTradeSentence(label, formatPeriod(period))}, down from ${against}`;
  return `${label} ${verb} ${now} in ${formatPeriod(period)}, ${formatChange(comparison.change)} on ${against}`;
}

/** "March" within the same year, "December 2024" across years. */
function baseName(base: string, period: string): string {
  const full = formatPeriod(base);
  return base.slice(0, 4) === period.slice(0, 4) ? (full.split(' ')[0] ?? full) : full;
}

/** "… recovered to 5,577 t in July 2025, +5.7% on July 2024's 5,278 t". */
function recoverySentence(
  label: string,
  snapshot: SeriesSnapshot,
  endedFalls: readonly string[],
  byKey: ReadonlyMap<string, TradeRule>,
): string {
  for (const key of endedFalls) {
    const rule = byKey.get(key);
    if (!rule) continue;
    const comparison = snapshot.comparisons.find((candidate) => ruleReads(rule, candidate));
    if (comparison) return changeSentence(label, snapshot, comparison, 'recovered to');
    const threshold = thresholdName(rule, snapshot);
    if (threshold && snapshot.period && snapshot.value !== null)
      return `${label} recovered to ${formatAmountIn(snapshot.value, snapshot.unit, entryUnit(snapshot))} in ${formatPeriod(snapshot.period)}, back above ${threshold}`;
  }
  return `${label} recovered${snapshot.period ? ` in ${formatPeriod(snapshot.period)}` : ''}: no drop rule holds any more`;
}

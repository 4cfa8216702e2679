import type { RuleKind } from '../rules/rule-key.js';
import type { Marker, ToldTransition } from './alert-digest.js';

/**
 * The one place the signs are chosen: the console, Slack, Discord and the slash commands all show
 * a fall as ▼, a rise as ▲, a recovery as ✓ and a stale series or a revised month as ⚠.
 */
export const MARKERS: Readonly<Record<Marker, string>> = {
  fall: '▼',
  rise: '▲',
  recovered: '✓',
  warning: '⚠',
};

/** Before each notice in a list: a notice is neither a fall nor a rise. */
export const NOTICE_BULLET = '•';

/** The sign of what a rule watches for. */
export function markerOfRule(kind: RuleKind): Marker {
  if (kind === 'fall') return 'fall';
  if (kind === 'rise') return 'rise';
  return 'warning';
}

/** What happened to a series, in the words every platform shows beside its entry. */
export const TRANSITION_WORDS: Readonly<Record<ToldTransition, string>> = {
  enter: 'new alert',
  change: 'changed',
  recover: 'recovered',
  remind: 'reminder',
  revised: 'revised',
};

import type { StoredAlert } from '../model/alert.js';
import { MARKERS, markerOfRule, NOTICE_BULLET } from '../render/markers.js';
import { formatDate } from '../render/time.js';
import { formatPeriod } from '../rules/periods.js';
import { NOTICE_RULE, ruleKindOf } from '../rules/rule-key.js';

/** Closed alerts stored before `replacedBy` existed say it in words. */
const SUPERSEDED = /^superseded by the alert for (\d{4}-\d{2})$/;

/**
 * One alert as `/ree history` lists it: when it was first seen, its sign, what it said, and what
 * became of it — still alerting, replaced by a newer month (never "resolved": that month did not
 * recover), recovered, or ended, saying when nothing was posted about it.
 */
export function alertHistoryLine(alert: StoredAlert): string {
  const sign = alert.rule === NOTICE_RULE ? NOTICE_BULLET : MARKERS[markerOfRule(ruleKindOf(alert.rule))];
  const end = fate(alert);
  return `${formatDate(alert.firstSeenAt)} ${sign} ${alert.detail.headline}${end ? ` — ${end}` : ''}`;
}

function fate(alert: StoredAlert): string {
  if (alert.detail.kind === 'event') return '';
  if (alert.state === 'firing') return 'alerting';
  const replacedBy = alert.detail.replacedBy ?? SUPERSEDED.exec(alert.detail.closedBecause ?? '')?.[1];
  if (replacedBy) return `replaced by the ${formatPeriod(replacedBy)} figure`;
  if (alert.detail.closedBecause) return `closed: ${alert.detail.closedBecause}`;
  const when = alert.resolvedAt === null ? '' : ` ${formatDate(alert.resolvedAt)}`;
  // Told when the recovery was: a rise ending, or one rule of several going quiet, is not.
  const posted = alert.resolvedAt !== null && alert.lastNotifiedAt === alert.resolvedAt;
  const word = ruleKindOf(alert.rule) === 'fall' ? 'recovered' : 'ended';
  return `${word}${when}${posted ? '' : ', not posted'}`;
}

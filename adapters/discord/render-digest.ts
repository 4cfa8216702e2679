import type { AlertDigest, AlertItem, AlertSeverity } from '../../src/render/alert-digest.js';
import { type DescriptionBlock, type EmbedSpec, packEmbeds } from './embed-packer.js';
import { escapeMarkdown } from './escape.js';
import { COLOURS, type DiscordMessage, messageOf } from './message.js';

const ICON: Record<AlertSeverity | 'resolved', string> = {
  critical: '🔴',
  warning: '🟠',
  info: '🔵',
  resolved: '🟢',
};
const STATE_LABEL: Record<AlertItem['state'], string> = {
  firing: '',
  repeat: 'Still true: ',
  resolved: 'Resolved: ',
};
const SEVERITY_ORDER: AlertSeverity[] = ['info', 'warning', 'critical'];

/**
 * One digest as channel messages. Each alert gets an embed — headline, From/To/Change/Period fields,
 * colour by severity, source link, timestamp. With several alerts an overview embed comes first,
 * one line per alert, so the channel sees everything at a glance before the figures.
 */
export function renderDigest(digest: AlertDigest): DiscordMessage[] {
  const timestamp = new Date(digest.generatedAt).toISOString();
  const specs: EmbedSpec[] = [];
  if (digest.alerts.length > 1) {
    const worst = digest.alerts.reduce<AlertSeverity>(
      (max, alert) =>
        alert.state !== 'resolved' && SEVERITY_ORDER.indexOf(alert.severity) > SEVERITY_ORDER.indexOf(max)
          ? alert.severity
          : max,
      'info',
    );
    const allResolved = digest.alerts.every((alert) => alert.state === 'resolved');
    specs.push({
      title: digest.title,
      color: allResolved ? COLOURS.resolved : COLOURS[worst],
      blocks: digest.alerts.map(
        (alert): DescriptionBlock => ({ kind: 'text', prefix: linePrefix(alert), text: alert.headline }),
      ),
      fields: [],
      timestamp,
    });
  }
  for (const alert of digest.alerts) {
    specs.push(alertSpec(alert, timestamp, digest.alerts.length === 1 ? digest.title : undefined));
  }
  return packEmbeds(specs).map(messageOf);
}

function alertSpec(alert: AlertItem, timestamp: string, digestTitle: string | undefined): EmbedSpec {
  const source: DescriptionBlock = alert.url
    ? { kind: 'link', prefix: 'Source: ', label: alert.source, url: alert.url }
    : { kind: 'text', prefix: 'Source: ', text: alert.source };
  return {
    // With a single alert the digest's own title rides along as the small line above the title.
    author: digestTitle,
    title: `${STATE_LABEL[alert.state]}${alert.watchlistTitle}`,
    url: alert.url,
    color: alert.state === 'resolved' ? COLOURS.resolved : COLOURS[alert.severity],
    blocks: [{ kind: 'text', prefix: `${icon(alert)} `, text: alert.headline }, source],
    fields: alert.facts.map((fact) => ({ name: fact.label, value: fact.value, inline: true })),
    footer: `${alert.watchlistId} · ${alert.rule} · ${alert.state === 'resolved' ? 'resolved' : alert.severity}`,
    timestamp,
  };
}

const icon = (alert: AlertItem) => ICON[alert.state === 'resolved' ? 'resolved' : alert.severity];

/** "🟠 **china-india-magnets** Still true: " — trusted markdown before the escaped headline. */
function linePrefix(alert: AlertItem): string {
  return `${icon(alert)} **${escapeMarkdown(alert.watchlistId)}** ${STATE_LABEL[alert.state]}`;
}

import type { AlertDigest, AlertItem } from './alert-digest.js';
import type { Reply } from './reply.js';

const STATE_MARK: Record<AlertItem['state'], string> = { firing: '▼', repeat: '↻', resolved: '✓' };

/**
 * Plain-text rendering of a command reply, for the console adapter and `ree-watch ask`. A chart is
 * shown as the path of the file it was saved to (`imagePath`), since a terminal cannot draw it.
 */
export function replyToText(reply: Reply, imagePath?: string): string {
  const out: string[] = [reply.title, '─'.repeat(Math.min(60, Math.max(8, [...reply.title].length)))];
  for (const section of reply.sections) {
    if (section.heading) out.push('', section.heading);
    for (const line of section.lines) out.push(section.monospace ? `  ${line}` : line);
  }
  if (reply.fields?.length) {
    out.push('');
    for (const field of reply.fields) out.push(`${field.name}: ${field.value}`);
  }
  if (reply.links?.length) {
    out.push('');
    for (const link of reply.links) out.push(`${link.label}: ${link.url}`);
  }
  if (reply.image) out.push('', `Chart: ${imagePath ?? '(not saved)'} — ${reply.image.alt}`);
  if (reply.footer) out.push('', reply.footer);
  return out.join('\n');
}

/** Plain-text rendering of an alert digest as a channel would show it. */
export function digestToText(digest: AlertDigest): string {
  const out: string[] = [digest.title];
  for (const alert of digest.alerts) {
    out.push('', `${STATE_MARK[alert.state]} [${alert.watchlistId}] ${alert.headline}`);
    if (alert.facts.length > 0)
      out.push(`  ${alert.facts.map((fact) => `${fact.label}: ${fact.value}`).join(' · ')}`);
    out.push(`  Source: ${alert.source}${alert.url ? ` — ${alert.url}` : ''}`);
  }
  return out.join('\n');
}

import type { AlertDigest } from './alert-digest.js';
import { MARKERS, NOTICE_BULLET, TRANSITION_WORDS } from './markers.js';
import type { Reply } from './reply.js';

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
  for (const entry of digest.series) {
    out.push('', `${MARKERS[entry.marker]} ${entry.headline}`);
    if (entry.comparisons) out.push(`  ${entry.comparisons}`);
    for (const note of entry.notes) out.push(`  ${MARKERS[note.marker]} ${note.text}`);
    out.push(
      `  [${entry.watchlistId}] ${TRANSITION_WORDS[entry.transition]} · ${entry.source}${entry.url ? ` — ${entry.url}` : ''}`,
    );
  }
  for (const group of digest.notices) {
    const count = group.notices.length;
    out.push('', `${group.source}: ${count} new notice${count === 1 ? '' : 's'}`);
    for (const notice of group.notices) {
      out.push(`  ${NOTICE_BULLET} ${notice.title}`);
      out.push(`    ${notice.detail} · [${notice.watchlistId}]${notice.url ? ` — ${notice.url}` : ''}`);
    }
  }
  return out.join('\n');
}

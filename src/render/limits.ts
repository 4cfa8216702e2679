import type { Reply, ReplySection } from './reply.js';
import { truncateAtWord, truncateText } from './text-limits.js';

/**
 * The envelope every command reply is fitted into before any adapter sees it: small enough for one
 * Slack message (blocks, 3000-character sections) and one Discord embed (6000 characters in all),
 * with room left for the escaping each renderer adds.
 */
export const REPLY_LIMITS = {
  title: 150,
  sections: 12,
  linesPerSection: 40,
  line: 300,
  sectionText: 2500,
  fields: 10,
  fieldName: 100,
  fieldValue: 500,
  links: 10,
  linkLabel: 100,
  url: 1000,
  footer: 300,
  /** Title, section text, fields, link labels and footer together. */
  total: 4000,
} as const;

/** Characters a reader sees: what Discord counts against an embed's 6000-character total. */
export function replyLength(reply: Reply): number {
  let total = reply.title.length + (reply.footer?.length ?? 0);
  for (const section of reply.sections) total += sectionLength(section);
  for (const field of reply.fields ?? []) total += field.name.length + field.value.length;
  for (const link of reply.links ?? []) total += link.label.length + link.url.length;
  return total;
}

const sectionLength = (section: ReplySection): number =>
  (section.heading?.length ?? 0) + section.lines.reduce((sum, line) => sum + line.length + 1, 0);

const SHORTENED = 'Shortened to fit the chat; narrow the question to see more.';

/**
 * Cuts a reply down to REPLY_LIMITS: long lines end in "…", long lists end in "… and N more", and
 * sections past the budget are dropped with a note in the footer. Never throws, never returns empty.
 */
export function fitReply(reply: Reply): Reply {
  const L = REPLY_LIMITS;
  const title = truncateText(reply.title.trim() === '' ? 'ree-watch' : reply.title, L.title);
  const footer = reply.footer === undefined ? undefined : truncateText(reply.footer, L.footer);
  // Fields and links take at most half and a quarter of the budget; sections get the rest.
  const fields = takeWhileFits(
    (reply.fields ?? []).slice(0, L.fields).map((field) => ({
      ...field,
      name: truncateText(field.name, L.fieldName),
      value: truncateText(field.value, L.fieldValue),
    })),
    (field) => field.name.length + field.value.length,
    L.total / 2,
  );
  const links = takeWhileFits(
    (reply.links ?? [])
      .filter((link) => link.url.length <= L.url)
      .slice(0, L.links)
      .map((link) => ({ ...link, label: truncateText(link.label, L.linkLabel) })),
    (link) => link.label.length + link.url.length,
    L.total / 4,
  );

  let budget =
    L.total -
    title.length -
    (footer?.length ?? 0) -
    SHORTENED.length -
    3 -
    fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0) -
    links.reduce((sum, link) => sum + link.label.length + link.url.length, 0);
  let shortened =
    reply.sections.length > L.sections ||
    fields.length < (reply.fields?.length ?? 0) ||
    links.length < (reply.links?.length ?? 0);
  const sections: ReplySection[] = [];
  for (const section of reply.sections.slice(0, L.sections)) {
    const heading = section.heading === undefined ? undefined : truncateText(section.heading, L.line);
    if ((heading?.length ?? 0) > budget) break;
    const room = Math.min(L.sectionText, budget - (heading?.length ?? 0));
    const { lines, cut } = fitLines(section.lines, room);
    if (cut) shortened = true;
    if (lines.length === 0 && section.lines.length > 0) break;
    const fitted: ReplySection = { ...section, lines };
    if (heading === undefined) delete fitted.heading;
    else fitted.heading = heading;
    sections.push(fitted);
    budget -= sectionLength(fitted);
    if (budget <= 0) break;
  }
  if (sections.length < Math.min(reply.sections.length, L.sections)) shortened = true;

  const fitted: Reply = { ...reply, title, sections };
  if (reply.fields !== undefined) fitted.fields = fields;
  if (reply.links !== undefined) fitted.links = links;
  if (shortened) fitted.footer = footer ? truncateText(`${footer} · ${SHORTENED}`, L.footer) : SHORTENED;
  else if (footer !== undefined) fitted.footer = footer;
  return fitted;
}

/** Keeps whole lines while they fit in `room` characters; a cut list ends with how many were left out. */
function fitLines(source: readonly string[], room: number): { lines: string[]; cut: boolean } {
  const lines: string[] = [];
  let used = 0;
  const limit = Math.min(source.length, REPLY_LIMITS.linesPerSection);
  for (let index = 0; index < limit; index++) {
    const line = truncateAtWord(source[index] ?? '', REPLY_LIMITS.line);
    // Leave room for the "… and N more" line whenever something might still be cut.
    const reserve = index < source.length - 1 ? 24 : 0;
    if (used + line.length + 1 + reserve > room) break;
    lines.push(line);
    used += line.length + 1;
  }
  const left = source.length - lines.length;
  if (left === 0) return { lines, cut: false };
  if (lines.length > 0 || room >= 24) lines.push(`… and ${left} more`);
  return { lines, cut: true };
}

function takeWhileFits<T>(items: readonly T[], size: (item: T) => number, room: number): T[] {
  const kept: T[] = [];
  let used = 0;
  for (const item of items) {
    if (used + size(item) > room) break;
    kept.push(item);
    used += size(item);
  }
  return kept;
}

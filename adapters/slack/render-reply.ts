import { SLACK_LIMITS } from '../../src/model/platform-limits.js';
import type { Reply, ReplySection } from '../../src/render/reply.js';
import { packLines, splitLine } from '../../src/render/text-limits.js';
import {
  type Block,
  contextBlocks,
  fieldSections,
  mrkdwnSection,
  packBlocks,
  plainPieces,
  plainSections,
} from './block-kit.js';
import {
  bold,
  CODE_BLOCK_OVERHEAD,
  codeBlock,
  codeLineLength,
  escapeAndTruncate,
  escapedLength,
  escapeMrkdwn,
  link,
  plainText,
} from './mrkdwn.js';
import { factFields, pageHeader, shownTitle } from './render-digest.js';

/** One message posted to a slash command's response_url. */
export interface SlackResponsePayload {
  [key: string]: unknown;
  response_type: 'ephemeral' | 'in_channel';
  text: string;
  blocks: Block[];
}

const TONE_MARK: Record<NonNullable<Reply['tone']>, string> = {
  info: '',
  success: '✅ ',
  warning: '⚠️ ',
  error: '⚠️ ',
};

/**
 * Renders a command reply as response_url messages. Everything fits in one message for any normal
 * reply; a huge one is split into several (Slack accepts at most five per command, so a sixth part
 * and beyond are replaced by a note saying how much was left out).
 */
export function renderReply(reply: Reply): SlackResponsePayload[] {
  const title = `${TONE_MARK[reply.tone ?? 'info']}${shownTitle(reply.title)}`;
  const groups: Block[][] = [];
  if (title.length > SLACK_LIMITS.headerText) groups.push(plainSections(title));
  for (const section of reply.sections) groups.push(sectionBlocks(section));
  if (reply.fields?.length) {
    groups.push(fieldSections(reply.fields.flatMap((field) => factFields(field.name, field.value))));
  }
  if (reply.links?.length) groups.push(linkBlocks(reply.links));
  const notes = [
    ...(reply.image ? [`Chart: ${reply.image.alt}`] : []),
    ...(reply.footer ? [reply.footer] : []),
  ];
  if (notes.length > 0) {
    groups.push(
      contextBlocks(notes.flatMap((note) => plainPieces(note, SLACK_LIMITS.contextText).map(plainText))),
    );
  }
  let pages = packBlocks(groups, SLACK_LIMITS.blocksPerMessage - 1).map((page) => page.blocks);
  if (pages.length === 0) pages = [[]];
  const limit = SLACK_LIMITS.responsesPerCommand;
  if (pages.length > limit) {
    const left = pages.length - (limit - 1);
    pages = [
      ...pages.slice(0, limit - 1),
      plainSections(
        `${left} more part${left === 1 ? ' was' : 's were'} left out: Slack accepts at most ${limit} answers to one command. Narrow the command to see the rest.`,
      ),
    ];
  }
  return pages.map((blocks, index) => ({
    response_type: reply.visibility,
    text: escapeAndTruncate(
      pages.length > 1 ? `${title} (${index + 1}/${pages.length})` : title,
      SLACK_LIMITS.fallbackText,
    ),
    blocks: [pageHeader(title, index, pages.length), ...blocks],
  }));
}

function sectionBlocks(section: ReplySection): Block[] {
  const blocks: Block[] = [];
  if (section.heading && section.heading.trim() !== '') {
    for (const piece of splitLine(section.heading, SLACK_LIMITS.sectionText - 2, {
      measure: escapedLength,
    })) {
      blocks.push(mrkdwnSection(bold(piece)));
    }
  }
  if (section.lines.every((line) => line.trim() === '')) return blocks;
  if (section.monospace) {
    const chunks = packLines(section.lines, SLACK_LIMITS.sectionText - CODE_BLOCK_OVERHEAD, '\n', {
      measure: codeLineLength,
      keepLongUrls: false,
    });
    for (const chunk of chunks) blocks.push(mrkdwnSection(codeBlock(chunk)));
  } else {
    const chunks = packLines(section.lines, SLACK_LIMITS.sectionText, '\n', { keepLongUrls: false });
    for (const chunk of chunks) blocks.push(...plainSections(chunk.join('\n')));
  }
  return blocks;
}

/** Links as one mrkdwn list; a URL that cannot be linked safely is shown as escaped text instead. */
function linkBlocks(links: NonNullable<Reply['links']>): Block[] {
  const lines = links.map(
    (item) => `• ${link(item.url, item.label) ?? escapeMrkdwn(`${item.label}: ${item.url}`)}`,
  );
  // Each line is already mrkdwn: pack by its own length, never splitting a link.
  const chunks: string[][] = [];
  let current: string[] = [];
  let size = 0;
  for (const line of lines) {
    if (line.length > SLACK_LIMITS.sectionText) continue;
    if (current.length > 0 && size + 1 + line.length > SLACK_LIMITS.sectionText) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    size += (current.length > 0 ? 1 : 0) + line.length;
    current.push(line);
  }
  if (current.length > 0) chunks.push(current);
  const tooLong = links.filter((_, index) => (lines[index]?.length ?? 0) > SLACK_LIMITS.sectionText);
  return [
    ...chunks.map((chunk) => mrkdwnSection(chunk.join('\n'))),
    ...tooLong.flatMap((item) => plainSections(`${item.label}: ${item.url}`)),
  ];
}

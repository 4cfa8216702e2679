import { SLACK_LIMITS } from '../../src/model/platform-limits.js';
import { splitLine } from '../../src/render/text-limits.js';
import { type Mrkdwn, mrkdwn, type PlainText, plainText, type TextObject } from './mrkdwn.js';

export interface HeaderBlock {
  type: 'header';
  text: PlainText;
}

export interface SectionBlock {
  type: 'section';
  text?: TextObject;
  fields?: TextObject[];
}

export interface ContextBlock {
  type: 'context';
  elements: TextObject[];
}

export type Block = HeaderBlock | SectionBlock | ContextBlock;

/** Total characters of the text objects in a block: what our per-message budget counts. */
export function blockTextLength(block: Block): number {
  switch (block.type) {
    case 'header':
      return block.text.text.length;
    case 'section':
      return (block.text?.text.length ?? 0) + (block.fields ?? []).reduce((sum, f) => sum + f.text.length, 0);
    case 'context':
      return block.elements.reduce((sum, element) => sum + element.text.length, 0);
  }
}

/** Plain text as one or more sections, split between words (or graphemes) to fit the section limit. */
export function plainSections(text: string): SectionBlock[] {
  return plainPieces(text, SLACK_LIMITS.sectionText).map((piece) => ({
    type: 'section',
    text: plainText(piece),
  }));
}

/** Text cut to fit `max` between words or graphemes; blank pieces are dropped (Slack refuses empty text). */
export function plainPieces(text: string, max: number): string[] {
  return splitLine(text, max, { keepLongUrls: false }).filter((piece) => piece.trim() !== '');
}

/** Sections of already-built mrkdwn pieces, each within the section limit. */
export const mrkdwnSection = (text: string): SectionBlock => ({ type: 'section', text: mrkdwn(text) });

/** Context blocks holding the elements, at most ten per block. */
export function contextBlocks(elements: TextObject[]): ContextBlock[] {
  const blocks: ContextBlock[] = [];
  for (let start = 0; start < elements.length; start += SLACK_LIMITS.contextElements) {
    blocks.push({ type: 'context', elements: elements.slice(start, start + SLACK_LIMITS.contextElements) });
  }
  return blocks;
}

/** Section blocks carrying the fields, at most ten per section. */
export function fieldSections(fields: Mrkdwn[]): SectionBlock[] {
  const blocks: SectionBlock[] = [];
  for (let start = 0; start < fields.length; start += SLACK_LIMITS.fieldsPerSection) {
    blocks.push({ type: 'section', fields: fields.slice(start, start + SLACK_LIMITS.fieldsPerSection) });
  }
  return blocks;
}

export interface Page {
  blocks: Block[];
  /** Indexes of the groups with at least one block on this page. */
  groups: number[];
}

/**
 * Packs groups of blocks into pages of at most `maxBlocks` blocks and `SLACK_LIMITS.messageText`
 * characters, keeping a group (one alert, one reply section) on one page whenever it fits on a page
 * by itself; a group too big for any page is split between blocks.
 */
export function packBlocks(groups: readonly Block[][], maxBlocks: number): Page[] {
  const pages: Page[] = [];
  let page: Page = { blocks: [], groups: [] };
  let size = 0;
  const newPage = () => {
    if (page.blocks.length > 0) pages.push(page);
    page = { blocks: [], groups: [] };
    size = 0;
  };
  groups.forEach((group, index) => {
    const groupSize = group.reduce((sum, block) => sum + blockTextLength(block), 0);
    const fitsHere =
      page.blocks.length + group.length <= maxBlocks && size + groupSize <= SLACK_LIMITS.messageText;
    const fitsAlone = group.length <= maxBlocks && groupSize <= SLACK_LIMITS.messageText;
    if (!fitsHere && fitsAlone) newPage();
    for (const block of group) {
      const length = blockTextLength(block);
      if (
        page.blocks.length > 0 &&
        (page.blocks.length + 1 > maxBlocks || size + length > SLACK_LIMITS.messageText)
      ) {
        newPage();
      }
      page.blocks.push(block);
      size += length;
      if (page.groups.at(-1) !== index) page.groups.push(index);
    }
  });
  newPage();
  return pages;
}

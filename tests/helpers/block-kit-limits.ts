import fc from 'fast-check';
import { expect } from 'vitest';

interface TextObject {
  type: string;
  text: string;
}

interface AnyBlock {
  type: string;
  text?: TextObject;
  fields?: TextObject[];
  elements?: TextObject[];
}

/**
 * Asserts one Slack message obeys Block Kit's documented limits (docs.slack.dev/reference/block-kit):
 * 50 blocks, header ≤ 150 plain text, section text ≤ 3000, ≤ 10 fields of ≤ 2000, context ≤ 10
 * elements, no empty text, no cut multi-byte character, fallback text present. Independent of the
 * renderer's own constants; collects every violation and asserts once (expect() is slow in loops).
 */
export function expectWithinSlackLimits(message: { text?: unknown; blocks?: unknown }): void {
  expect(slackLimitViolations(message)).toEqual([]);
}

export function slackLimitViolations(message: { text?: unknown; blocks?: unknown }): string[] {
  const problems: string[] = [];
  const blocks = message.blocks as AnyBlock[];
  if (!Array.isArray(blocks) || blocks.length === 0) return ['no blocks'];
  if (blocks.length > 50) problems.push(`${blocks.length} blocks`);
  if (typeof message.text !== 'string' || message.text.length === 0) problems.push('no fallback text');
  else if (message.text.length > 4000) problems.push(`fallback text of ${message.text.length}`);
  blocks.forEach((block, index) => {
    const texts: [TextObject | undefined, number][] = [];
    if (block.type === 'header') {
      if (block.text?.type !== 'plain_text') problems.push(`block ${index}: header is not plain_text`);
      texts.push([block.text, 150]);
    } else if (block.type === 'section') {
      if (block.text === undefined && (block.fields?.length ?? 0) === 0)
        problems.push(`block ${index}: empty section`);
      if (block.text) texts.push([block.text, 3000]);
      if ((block.fields?.length ?? 0) > 10) problems.push(`block ${index}: ${block.fields?.length} fields`);
      for (const field of block.fields ?? []) texts.push([field, 2000]);
    } else if (block.type === 'context') {
      const count = block.elements?.length ?? 0;
      if (count === 0 || count > 10) problems.push(`block ${index}: ${count} context elements`);
      for (const element of block.elements ?? []) texts.push([element, 3000]);
    } else {
      problems.push(`block ${index}: unexpected type ${block.type}`);
    }
    for (const [object, max] of texts) {
      if (!object || !['plain_text', 'mrkdwn'].includes(object.type))
        problems.push(`block ${index}: bad text object`);
      else if (object.text.trim().length === 0) problems.push(`block ${index}: empty text`);
      else if (object.text.length > max)
        problems.push(`block ${index}: text of ${object.text.length} > ${max}`);
      else if (!isWellFormed(object.text)) problems.push(`block ${index}: a character was cut in half`);
    }
  });
  return problems;
}

/** No lone surrogate: a multi-byte character was never cut in half. */
export const isWellFormed = (text: string): boolean =>
  !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);

/** Every text object of the given type in a message. */
export function textsOfType(message: { blocks?: unknown }, type: 'plain_text' | 'mrkdwn'): string[] {
  const out: string[] = [];
  for (const block of message.blocks as AnyBlock[]) {
    for (const object of [block.text, ...(block.fields ?? []), ...(block.elements ?? [])]) {
      if (object?.type === type) out.push(object.text);
    }
  }
  return out;
}

/**
 * The words a reader sees below the headers of these messages, for "nothing was lost" checks:
 * unescaped, field labels dropped, and whitespace, backticks (code fences) and zero-width spaces removed.
 */
export function visibleText(messages: readonly { blocks?: unknown }[]): string {
  return messages
    .flatMap((message) => message.blocks as AnyBlock[])
    .filter((block) => block.type !== 'header')
    .flatMap((block) => [
      block.text?.text ?? '',
      ...(block.fields ?? []).map((field) => field.text.replace(/^\*[^*\n]*\*\n/, '')),
      ...(block.elements ?? []).map((element) => element.text),
    ])
    .join('')
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&amp;', '&')
    .replace(/[\s`\u200b]/g, '');
}

/** A text as visibleText would show it. */
export const squeezed = (text: string): string => text.replace(/[\s`\u200b]/g, '');

/**
 * Strings of roughly `minLength` to 2 × `minLength` UTF-16 units made of random graphemes (emoji,
 * CJK, combining marks, spaces or none). Built by repetition: fast-check is slow to draw thousands of
 * graphemes one by one.
 */
export function longText(minLength: number): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
      fc.string({ unit: 'grapheme', maxLength: 40 }),
    )
    .map(([unit, tail]) => unit.repeat(Math.ceil(minLength / Math.max(1, unit.length))) + tail);
}

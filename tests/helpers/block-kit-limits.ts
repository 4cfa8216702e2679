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
 * elements, no empty text, fallback text present. Independent of the renderer's own constants.
 */
export function expectWithinSlackLimits(message: { text?: unknown; blocks?: unknown }): void {
  const blocks = message.blocks as AnyBlock[];
  expect(Array.isArray(blocks)).toBe(true);
  expect(blocks.length).toBeGreaterThan(0);
  expect(blocks.length).toBeLessThanOrEqual(50);
  expect(typeof message.text).toBe('string');
  expect((message.text as string).length).toBeGreaterThan(0);
  expect((message.text as string).length).toBeLessThanOrEqual(4000);
  for (const block of blocks) {
    const texts: [TextObject, number][] = [];
    if (block.type === 'header') {
      expect(block.text?.type).toBe('plain_text');
      texts.push([block.text as TextObject, 150]);
    } else if (block.type === 'section') {
      expect(block.text !== undefined || (block.fields?.length ?? 0) > 0).toBe(true);
      if (block.text) texts.push([block.text, 3000]);
      expect(block.fields?.length ?? 0).toBeLessThanOrEqual(10);
      for (const field of block.fields ?? []) texts.push([field, 2000]);
    } else if (block.type === 'context') {
      expect(block.elements?.length).toBeGreaterThan(0);
      expect(block.elements?.length).toBeLessThanOrEqual(10);
      for (const element of block.elements ?? []) texts.push([element, 3000]);
    } else {
      throw new Error(`unexpected block type ${block.type}`);
    }
    for (const [object, max] of texts) {
      expect(['plain_text', 'mrkdwn']).toContain(object.type);
      expect(object.text.trim().length).toBeGreaterThan(0);
      expect(object.text.length).toBeLessThanOrEqual(max);
      expect(isWellFormed(object.text)).toBe(true);
    }
  }
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

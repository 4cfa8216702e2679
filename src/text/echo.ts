import { truncateText } from '../render/text-limits.js';

/** The longest piece of user input a reply repeats back. */
export const ECHO_MAX = 40;

// Control characters, direction overrides and invisible spacers: they can reorder or hide what a
// reply says. The zero-width joiner stays, because emoji sequences need it.
// U+E000 and U+E001 mark command usages inside reply text (src/commands/usage.ts): never from input.
const UNSAFE =
  /[\p{Cc}\u00AD\u061C\u180E\u200B\u200C\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uE000\uE001\uFEFF]/gu;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * What a person typed, made safe to repeat in a reply: control and direction characters removed,
 * whitespace collapsed to single spaces, and cut to `max` characters without splitting an emoji.
 * Renderers still escape the result; this only keeps echoes short and visible.
 */
export function echoInput(text: string, max = ECHO_MAX): string {
  return truncateText(printableText(text), max);
}

/**
 * Text from outside (a user, a source's answer) on one visible line: line breaks and runs of
 * whitespace become one space; control characters (terminal escapes included), direction overrides
 * and invisible spacers are removed; lone surrogates become U+FFFD.
 */
export function printableText(text: string): string {
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(/\s+/gu, ' ').replace(UNSAFE, '').trim();
}

/** `echoInput` in double quotes, or "(nothing)" when nothing printable is left. */
export function quoteInput(text: string, max = ECHO_MAX): string {
  const safe = echoInput(text, max);
  return safe === '' ? '(nothing)' : `"${safe}"`;
}

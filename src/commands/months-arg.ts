import { errorReply, type Reply } from '../render/reply.js';
import { quoteInput } from '../text/echo.js';
import type { CommandOption } from './command.js';

/** The optional trailing `[months]` option of commands that show a span of months. */
export function monthsOption(fallback: number, max: number): CommandOption {
  return {
    name: 'months',
    description: `How many months (default ${fallback}, at most ${max})`,
    type: 'integer',
    positional: true,
  };
}

/** Reads an optional month count from positional words ("24", "24m", "2y"); the rest are returned. */
export function monthsArg(
  words: readonly string[],
  fallback: number,
  max: number,
  usage: string,
): { months: number; rest: string[] } | { reply: Reply } {
  const rest: string[] = [];
  let months: number | undefined;
  for (const word of words) {
    const match = /^(\d+)\s*(m|mo|months?|y|yrs?|years?)?$/i.exec(word);
    if (!match || months !== undefined) {
      rest.push(word);
      continue;
    }
    const count = Number(match[1]) * (/^y/i.test(match[2] ?? '') ? 12 : 1);
    if (!Number.isInteger(count) || count < 2 || count > max)
      return {
        reply: errorReply('Months out of range', [
          `${quoteInput(word)} months: choose from 2 to ${max}, e.g. ${usage}.`,
        ]),
      };
    months = count;
  }
  return { months: months ?? fallback, rest };
}

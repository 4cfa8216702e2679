import { parseDuration } from '../duration.js';
import { DAY_MS, MINUTE_MS } from '../model/time.js';

export const MIN_MUTE_MS = MINUTE_MS;
export const MAX_MUTE_MS = 90 * DAY_MS;

const UNIT_WORDS = new Map<string, string>(
  Object.entries({
    s: ['s', 'sec', 'secs', 'second', 'seconds'],
    m: ['m', 'min', 'mins', 'minute', 'minutes'],
    h: ['h', 'hr', 'hrs', 'hour', 'hours'],
    d: ['d', 'day', 'days'],
    w: ['w', 'wk', 'wks', 'week', 'weeks'],
  }).flatMap(([unit, words]) => words.map((word) => [word, unit] as const)),
);
// Months are not in parseDuration ("m" is minutes there); a month here is 30 days.
const MONTH_WORDS = new Set(['mo', 'mon', 'month', 'months']);

/** Reads "7d", "12h", "2w", "1mo", "7 days", "1 week"; undefined when the words are no duration. */
export function parseMuteDuration(text: string): number | undefined {
  const match = /^(\d+(?:\.\d+)?)\s*([a-z]+)$/i.exec(text.trim());
  if (!match) return undefined;
  const amount = Number(match[1]);
  const unit = (match[2] ?? '').toLowerCase();
  if (MONTH_WORDS.has(unit)) return amount > 0 ? Math.round(amount * 30 * DAY_MS) : undefined;
  const short = UNIT_WORDS.get(unit);
  return short === undefined ? undefined : parseDuration(`${match[1]}${short}`);
}

/**
 * Splits mute arguments into the duration and the watchlist words, in either order:
 * `china-india-magnets 7d`, `7d china-india-magnets`, `china-india-magnets 7 days`.
 */
export function splitMuteArgs(words: readonly string[]): {
  durationText?: string;
  durationMs?: number;
  rest: string[];
} {
  const rest: string[] = [];
  let durationText: string | undefined;
  let durationMs: number | undefined;
  for (let index = 0; index < words.length; index++) {
    const word = words[index] ?? '';
    const next = words[index + 1];
    if (durationText === undefined && /^\d+(?:\.\d+)?$/.test(word) && next !== undefined) {
      const joined = parseMuteDuration(`${word} ${next}`);
      if (joined !== undefined) {
        durationText = `${word} ${next}`;
        durationMs = joined;
        index++;
        continue;
      }
    }
    if (durationText === undefined && /^\d+(?:\.\d+)?[a-z]*$/i.test(word)) {
      // A number with a unit is meant as the duration even when the unit is wrong ("7x"): say so.
      durationText = word;
      durationMs = parseMuteDuration(word);
      continue;
    }
    rest.push(word);
  }
  const out: { durationText?: string; durationMs?: number; rest: string[] } = { rest };
  if (durationText !== undefined) out.durationText = durationText;
  if (durationMs !== undefined) out.durationMs = durationMs;
  return out;
}

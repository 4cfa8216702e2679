import iconv from 'iconv-lite';
import type { z } from 'zod';
import { SourceError } from './types.js';

/** What a source needs to blame an answer: its name and the URL it asked. */
export interface Origin {
  source: string;
  url: string;
}

/** Figures above this in one monthly series (USD or kg) are absurd: China's whole monthly export is ~3e11. */
export const MAX_PLAUSIBLE_AMOUNT = 1e12;

export function isPlausibleAmount(value: number): boolean {
  return Number.isFinite(value) && value >= 0 && value <= MAX_PLAUSIBLE_AMOUNT;
}

const looksLikeHtml = (text: string): boolean =>
  /^\s*(<!doctype html|<html|<head|<body|<\?xml[^>]*>\s*<html)/i.test(text);

/** An HTML page where data was expected: a login wall, an anti-bot check or an error page served with 200. */
export function htmlInsteadOf(expected: string, text: string, origin: Origin): SourceError {
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text)?.[1]?.replace(/\s+/g, ' ').trim();
  return new SourceError(
    origin.source,
    'malformed',
    origin.url,
    `answered with an HTML page${title ? ` titled "${title.slice(0, 80)}"` : ''} instead of ${expected}`,
  );
}

/** Parses a JSON answer, turning HTML pages and cut-off bodies into SourceErrors. */
export function parseJson(body: Buffer, origin: Origin): unknown {
  const text = body.toString('utf8').replace(/^\uFEFF/, '');
  if (text.trim() === '')
    throw new SourceError(origin.source, 'empty', origin.url, 'answered with an empty body instead of JSON');
  if (looksLikeHtml(text)) throw htmlInsteadOf('JSON', text, origin);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SourceError(
      origin.source,
      'malformed',
      origin.url,
      `the answer is not valid JSON (cut off or garbled: ${(error as Error).message})`,
      { cause: error },
    );
  }
}

/** Validates a whole answer against its schema; the first problems become the error's words. */
export function validate<T>(schema: z.ZodType<T>, data: unknown, origin: Origin, what: string): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length > 0 ? issue.path.join('.') : '(root)'}: ${issue.message}`)
    .join('; ');
  throw new SourceError(origin.source, 'malformed', origin.url, `the answer is not ${what} (${problems})`);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Decodes text in the charset the server or the document declares (HTTP header, XML declaration
 * or HTML meta). Undeclared, it is detected: strict UTF-8 if the bytes are valid UTF-8, else
 * GB18030 (a superset of GBK and GB2312), which Chinese government sites send without saying so.
 */
export function decodeText(body: Buffer, contentType = ''): string {
  const head = body.subarray(0, 2048).toString('latin1');
  const declared =
    /charset\s*=\s*["']?([\w-]+)/i.exec(contentType)?.[1] ??
    /<\?xml[^>]*encoding\s*=\s*["']([\w-]+)["']/i.exec(head)?.[1] ??
    /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(head)?.[1];
  const charset = declared && /^(gb2312|gbk)$/i.test(declared) ? 'gb18030' : declared;
  const text =
    charset === undefined
      ? detectDecode(body)
      : iconv.encodingExists(charset)
        ? iconv.decode(body, charset)
        : body.toString('utf8');
  return text.replace(/^\uFEFF/, '');
}

function detectDecode(body: Buffer): string {
  try {
    return strictUtf8.decode(body);
  } catch {
    return iconv.decode(body, 'gb18030');
  }
}

/**
 * One string per month, whatever the number of rows: a million observations, and the month lists a
 * poll reports for each series, then hold a few dozen strings, not a million copies (~30 MB).
 * At most 10,000 years of 12 months.
 */
const MONTHS = new Map<string, string>();

/** "202506" or 202506 → "2025-06"; undefined when it is not a month. */
export function monthFromCompact(value: string | number): string | undefined {
  const compact = String(value).trim();
  const known = MONTHS.get(compact);
  if (known !== undefined) return known;
  const match = /^(\d{4})(\d{2})$/.exec(compact);
  if (!match) return undefined;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  const period = `${match[1]}-${match[2]}`;
  MONTHS.set(compact, period);
  return period;
}

/** The `count` months before the month of `now` (UTC), oldest first, as "YYYY-MM". */
export function recentMonths(now: number, count: number): string[] {
  const date = new Date(now);
  const months: string[] = [];
  for (let back = count; back >= 1; back--) {
    const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - back, 1));
    months.push(`${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`);
  }
  return months;
}

/** Collapses whitespace and trims; undefined for empty text. */
export function cleanText(text: string | null | undefined): string | undefined {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim();
  return flat === '' ? undefined : flat;
}

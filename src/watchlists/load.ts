import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument, visit } from 'yaml';
import type { z } from 'zod';
import { countryNames, resolveCountry } from '../countries/index.js';
import { parseDuration } from '../duration.js';
import type { Watchlist } from '../model/watchlist.js';
import { suggest } from '../text/suggest.js';
import { watchlistSchema } from './schema.js';

/** No reminders unless a watchlist asks: a channel hears of a series when it moves, not on a timer. */
const DEFAULT_REPEAT_MS = Number.POSITIVE_INFINITY;

/** Every problem in a watchlist file, one readable line each; nothing is half-loaded. */
export class WatchlistError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'WatchlistError';
  }
}

export function loadWatchlists(path: string): Watchlist[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === 'ENOENT' ? 'file not found' : `cannot read the file (${code ?? String(error)})`;
    throw new WatchlistError([`${path}: ${why}; set WATCHLISTS_FILE to your watchlist file`]);
  }
  const watchlists = parseWatchlists(text, path);
  // A service with nothing to watch would run, poll nothing and never alert: a mistake, never a choice.
  if (watchlists.length === 0)
    throw new WatchlistError([
      `${path}: no watchlists in the file; add at least one (config/watchlists.yaml has examples), or unset WATCHLISTS_FILE to use the defaults`,
    ]);
  return watchlists;
}

/** Parses and validates watchlist YAML; throws WatchlistError listing every problem. */
export function parseWatchlists(text: string, label = 'watchlists'): Watchlist[] {
  const raw = parseItems(text) ?? parseWhole(text, label);
  if (!Array.isArray(raw)) {
    throw new WatchlistError([`${label}: expected a list of watchlists (each item starting with "- id: …")`]);
  }
  return validate(raw, label);
}

/** Starts of top-level list items: a "-" in the first column followed by a blank. */
const ITEM_START = /^-(?=[ \t\r\n]|$)/gm;
/** Directives and document markers: such a file is parsed whole. */
const DOCUMENT_MARKUP = /^(?:%|---|\.\.\.)/m;
/** Only blank lines and comments (what may precede the first item). */
const NOTHING = /^(?:[ \t]*(?:#.*)?(?:\r?\n|$))*$/;

/**
 * The items of a plain top-level list, each parsed as a YAML document of its own, or undefined when
 * the file is anything else or an item does not parse cleanly alone (the whole-file parse then
 * reports it, with line numbers). Why: a whole-file parse holds the syntax tree of every item at
 * once, ~30 KB per watchlist (150 MB of heap for 4,000 watchlists) that the service's RSS keeps
 * after start-up; item by item it stays in the young generation. A "-" in the first column always
 * starts a new top-level item, so the split gives the same items as the whole file; an item using
 * an alias (whose anchor may be in another item) is left to the whole-file parse.
 */
function parseItems(text: string): unknown[] | undefined {
  if (DOCUMENT_MARKUP.test(text)) return undefined;
  const starts = Array.from(text.matchAll(ITEM_START), (match) => match.index);
  if (starts.length === 0 || !NOTHING.test(text.slice(0, starts[0]))) return undefined;
  const items: unknown[] = [];
  for (let i = 0; i < starts.length; i++) {
    const document = parseDocument(text.slice(starts[i], starts[i + 1]), {
      prettyErrors: false,
      uniqueKeys: true,
    });
    if (document.errors.length > 0) return undefined;
    let alias = false;
    visit(document, {
      Alias: () => {
        alias = true;
        return visit.BREAK;
      },
    });
    if (alias) return undefined;
    const item: unknown = document.toJS();
    if (!Array.isArray(item) || item.length !== 1) return undefined;
    items.push(item[0]);
  }
  return items;
}

/** The whole file as one YAML document; throws WatchlistError on invalid YAML. */
function parseWhole(text: string, label: string): unknown {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (document.errors.length > 0) {
    throw new WatchlistError(
      document.errors.map((error) => {
        const at = lineCounter.linePos(error.pos[0]);
        const where = at ? `${label}:${at.line}:${at.col}` : label;
        return `${where}: invalid YAML: ${error.message.split('\n')[0]}`;
      }),
    );
  }
  try {
    return document.toJS() ?? [];
  } catch (error) {
    // An alias to no anchor, or aliases expanding past the parser's limit (a "billion laughs" file).
    throw new WatchlistError([`${label}: invalid YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
}

/** Validates parsed items; throws WatchlistError listing every problem. */
function validate(raw: unknown[], label: string): Watchlist[] {
  const problems: string[] = [];
  const loaded: Watchlist[] = [];
  const seen = new Map<string, number>();
  raw.forEach((item: unknown, index) => {
    const id =
      typeof item === 'object' && item !== null && typeof (item as { id?: unknown }).id === 'string'
        ? (item as { id: string }).id
        : undefined;
    // An id that is not a valid one is not echoed: it could carry escapes or line breaks.
    const prefix = `${label}: ${id && /^[\w.-]{1,64}$/.test(id) ? id : `item ${index + 1}`}`;
    // With the input in each issue, a missing field ("is required") is told apart from a wrong one.
    const parsed = watchlistSchema.safeParse(item, { reportInput: true });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${prefix}: ${describeIssue(issue)}`);
      return;
    }
    const value = parsed.data;
    const firstAt = seen.get(value.id);
    if (firstAt !== undefined)
      problems.push(
        `${prefix}: the id "${value.id}" is already used by item ${firstAt + 1}; ids must be unique`,
      );
    seen.set(value.id, index);
    const repeatIntervalMs = value.repeat
      ? (parseDuration(value.repeat) ?? DEFAULT_REPEAT_MS)
      : DEFAULT_REPEAT_MS;
    if (value.kind === 'notice') {
      const { repeat: _repeat, ...rest } = value;
      loaded.push({ ...rest, repeatIntervalMs });
      return;
    }
    const reporter = resolveCountry(value.reporter);
    const partner = resolveCountry(value.partner);
    for (const [field, input, country] of [
      ['reporter', value.reporter, reporter],
      ['partner', value.partner, partner],
    ] as const) {
      if (!country) {
        const close = suggest(input, countryNames());
        problems.push(
          `${prefix}: ${field}: "${input}" is not a country I know; use an ISO code (IN, IND), a name or an M49 code` +
            (close.length > 0 ? ` (did you mean ${close.join(', ')}?)` : ''),
        );
      }
    }
    if (!reporter || !partner) return;
    const { repeat: _repeat, ...rest } = value;
    loaded.push({
      ...rest,
      reporter: reporter.code,
      partner: partner.code,
      unit: value.measure === 'weight' ? 'kg' : 'USD',
      repeatIntervalMs,
    });
  });
  if (problems.length > 0) throw new WatchlistError(problems);
  return loaded;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .replace(/^\./, '');
  const where = path === '' ? '' : `${path}: `;
  if (issue.code === 'unrecognized_keys') {
    return `${where}unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')}`;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined)
    return `${where}is required (${issue.message})`;
  return `${where}${issue.message}`;
}

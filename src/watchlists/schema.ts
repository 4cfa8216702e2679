import { z } from 'zod';
import { parseDuration } from '../duration.js';
import { COMPARISONS, NOTICE_SOURCES, TRADE_SOURCES } from '../model/watchlist.js';

/**
 * HS code lengths each trade source publishes. The HS itself is 2 digits (chapter), 4 (heading) and
 * 6 (subheading); countries extend it to 8 or 10 digits (national tariff lines). No HS code has an
 * odd number of digits. Sources: tests/fixtures/README.md ("HS code lengths").
 */
export const HS_DIGITS: Readonly<
  Record<(typeof TRADE_SOURCES)[number], { digits: number[]; publisher: string; note?: string }>
> = {
  comtrade: {
    digits: [2, 4, 6],
    publisher: 'UN Comtrade',
    note: 'the international HS; 8 and 10 digits are national tariff lines',
  },
  census: { digits: [2, 4, 6, 10], publisher: 'the US Census' },
  gacc: { digits: [2, 4, 6, 8], publisher: "China's customs (GACC)" },
  csv: { digits: [2, 4, 6, 8, 10], publisher: 'a CSV import' },
};

const listDigits = (digits: readonly number[]) =>
  `${digits.slice(0, -1).join(', ')} or ${digits.at(-1)} digits`;

const positivePercent = z
  .number({ error: 'expected a number, such as 20 for 20%' })
  .gt(0, 'expected a percentage above 0');
const percent = positivePercent.max(1000, 'expected a percentage up to 1000');
/** Amounts are never negative, so a fall is at most 100 % (to zero, which "no trade recorded" is). */
const dropPercent = positivePercent.max(
  100,
  'a drop can be at most 100% (down to zero), so it would never fire; expected a percentage above 0 and up to 100',
);
const positiveInt = (what: string, max: number) =>
  z
    .number({ error: `expected a whole number of ${what}` })
    .int(`expected a whole number of ${what}`)
    .min(1, `expected at least 1 ${what.replace(/s$/, '')}`)
    .max(max, `expected at most ${max} ${what}`);
const amount = z
  .number({ error: 'expected an amount (USD or kg)' })
  .nonnegative('expected an amount of 0 or more');
/** A bound values must fall under: at 0 it could never be met, since no amount is below 0. */
const belowAmount = amount.gt(
  0,
  'expected an amount above 0: no month is ever below 0, so it would never fire',
);

const comparison = z.enum(COMPARISONS, { error: `expected one of ${COMPARISONS.join(', ')}` });

/** `notify_resolved: false`: the series' recovery from this rule is recorded but not posted. */
const notifyResolved = z
  .boolean({ error: 'expected true or false' })
  .optional()
  .describe('false: the recovery is recorded but not posted (drop, floor and streak rules; default true)');

/** A move against a baseline: `drop` fires on a fall, `rise` on a jump. */
const changeRule = <T extends 'drop' | 'rise'>(type: T) =>
  z
    .object({
      type: z.literal(type),
      compare: comparison.describe(
        'What the month is compared with: the month before, the same month a year earlier, or the average of the months before it',
      ),
      /** Months in the trailing average (trailing-average only). */
      months: positiveInt('months', 36)
        .optional()
        .describe('How many months the trailing average covers (compare: trailing-average only; 1 to 36)'),
      percent: (type === 'drop' ? dropPercent : percent).describe(
        type === 'drop'
          ? 'How far the month must fall below the baseline, in percent (above 0, at most 100)'
          : 'How far the month must rise above the baseline, in percent (above 0, at most 1000)',
      ),
      /** Only alert when the new value is also below (drop) or above (rise) this amount. */
      below: belowAmount
        .optional()
        .describe('Also require the month to be below this amount (USD, or kg with measure: weight)'),
      above: amount
        .optional()
        .describe('Also require the month to be above this amount (USD, or kg with measure: weight)'),
      notify_resolved: notifyResolved,
    })
    .strict()
    .refine((rule) => rule.compare !== 'trailing-average' || rule.months !== undefined, {
      message: 'trailing-average needs "months" (how many months to average)',
      path: ['months'],
    })
    .refine((rule) => rule.compare === 'trailing-average' || rule.months === undefined, {
      message: `"months" applies to compare: trailing-average only; ${type} rules against another comparison ignore it`,
      path: ['months'],
    })
    .refine((rule) => rule.type === 'drop' || rule.notify_resolved === undefined, {
      message: 'notify_resolved applies to drop, floor and streak rules: the end of a rise is never posted',
      path: ['notify_resolved'],
    });

/** What load.ts builds from these parsed shapes is typed as the model's Watchlist: the compiler keeps the two in step. */
export const tradeRuleSchema = z.discriminatedUnion(
  'type',
  [
    changeRule('drop'),
    changeRule('rise'),
    z
      .object({
        type: z.literal('floor'),
        below: belowAmount.describe(
          'Alert when a month is below this amount (USD, or kg with measure: weight)',
        ),
        notify_resolved: notifyResolved,
      })
      .strict(),
    z
      .object({
        type: z.literal('streak'),
        months: positiveInt('months', 24)
          .min(2, 'expected at least 2 months')
          .describe('Alert after this many consecutive monthly declines (2 to 24)'),
        notify_resolved: notifyResolved,
      })
      .strict(),
    z
      .object({
        type: z.literal('stale'),
        days: positiveInt('days', 3650).describe(
          'Alert when no new month has been published for this many days',
        ),
      })
      .strict(),
    z
      .object({
        type: z.literal('revision'),
        percent: percent.describe('Alert when a published month is revised by more than this, in percent'),
      })
      .strict(),
  ],
  { error: 'expected one of drop, rise, floor, streak, stale, revision' },
);

/** Line breaks, tabs, terminal escapes and direction overrides: text shown in chat and on a terminal has none. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are what is refused
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

const text = (what: string) =>
  z
    .string({ error: `expected ${what}` })
    .trim()
    .min(1, `expected ${what}`)
    .refine(
      (value) => !CONTROL.test(value),
      `expected ${what} without line breaks, tabs or control characters`,
    );
/** Long enough for "China → United States rare-earth magnet exports (US Census)", short enough for a chart. */
export const MAX_TITLE = 120;

const duration = z
  .string({ error: 'expected a duration such as 7d or 12h' })
  .refine((value) => parseDuration(value) !== undefined, 'expected a duration such as 7d or 12h');

const common = {
  id: z
    .string({ error: 'expected an id' })
    .regex(
      /^[a-z0-9][a-z0-9-]{1,62}$/,
      'expected lower-case letters, digits and dashes, e.g. china-india-magnets',
    )
    .describe('What channels subscribe to: lower-case letters, digits and dashes, e.g. china-india-magnets'),
  title: text('a title')
    .refine(
      (value) => value.length <= MAX_TITLE,
      `expected a title of at most ${MAX_TITLE} characters (it heads every alert and chart of the watchlist)`,
    )
    .describe(`Heads every alert and chart of the watchlist (at most ${MAX_TITLE} characters)`),
  /** While a series stays alerting, remind the channel this often (off unless set). */
  repeat: duration
    .optional()
    .describe('While a series stays alerting, remind the channel this often, e.g. 30d (off unless set)'),
};

export const tradeWatchlistSchema = z
  .object({
    ...common,
    kind: z.literal('trade').describe('Monthly trade figures'),
    source: z
      .enum(TRADE_SOURCES, { error: `expected one of ${TRADE_SOURCES.join(', ')}` })
      .describe(
        'Where the figures come from: polled (comtrade, census) or imported with ree-watch import (gacc, csv)',
      ),
    reporter: text('a country (ISO code, name or M49 code)').describe(
      'The country that reports the trade: ISO alpha-2 or alpha-3 code, name or M49 code',
    ),
    partner: text('a country (ISO code, name, M49 code, or World)').describe(
      'The other country, or World for all partners together',
    ),
    flow: z
      .enum(['export', 'import'], { error: 'expected export or import' })
      .describe("The reporter's exports to the partner, or its imports from it"),
    hs: z
      .array(z.string().regex(/^\d{2,10}$/, 'expected HS codes of 2 to 10 digits, quoted, e.g. "850511"'), {
        error: 'expected a list of HS codes, e.g. ["850511"]',
      })
      .min(1, 'expected at least one HS code')
      .describe('HS codes, quoted, e.g. ["850511"]; each is its own series. Lengths per source: see below'),
    /** Trade value in USD (default) or net weight in kg. */
    measure: z
      .enum(['value', 'weight'], { error: 'expected value or weight' })
      .default('value')
      .describe('Trade value in USD, or net weight in kg'),
    rules: z
      .array(tradeRuleSchema, { error: 'expected a list of rules' })
      .min(1, 'expected at least one rule')
      .describe('When to alert: one or more trade rules (below)'),
  })
  .strict()
  // Checked even when other fields are wrong (so every problem is told at once): nothing is assumed parsed.
  .superRefine(
    (watchlist, context) => {
      const { source, hs } = watchlist as { source?: unknown; hs?: unknown };
      if (typeof source !== 'string' || !Object.hasOwn(HS_DIGITS, source) || !Array.isArray(hs)) return;
      const { digits, publisher, note } = HS_DIGITS[source as keyof typeof HS_DIGITS];
      hs.forEach((code: unknown, index) => {
        if (typeof code !== 'string' || !/^\d{2,10}$/.test(code) || digits.includes(code.length)) return;
        context.addIssue({
          code: 'custom',
          path: ['hs', index],
          message:
            `"${code}" has ${code.length} digits; ` +
            (code.length % 2 === 1
              ? `HS codes have ${listDigits([2, 4, 6, 8, 10])} (chapter, heading, subheading, or a national tariff line)`
              : `${publisher} publishes HS codes of ${listDigits(digits)}${note ? ` (${note})` : ''}`),
        });
      });
    },
    { when: () => true },
  );

export const noticeWatchlistSchema = z
  .object({
    ...common,
    kind: z.literal('notice').describe('Policy notices'),
    source: z
      .enum(NOTICE_SOURCES, { error: `expected one of ${NOTICE_SOURCES.join(', ')}` })
      .describe('Which notices: MOFCOM, the US Federal Register, India DGFT, or any RSS/Atom feed'),
    /** Feed URL (rss) or search term (federal-register); other sources have fixed lists. */
    feed: z
      .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
      .optional()
      .describe('The feed URL (source: rss only, where it is required)'),
    query: text('a search term')
      .optional()
      .describe('A search term the Federal Register is asked for (source: federal-register)'),
    match: z
      .object({
        any: z.array(text('a keyword')).default([]).describe('Alert when a notice mentions any of these'),
        all: z.array(text('a keyword')).default([]).describe('… and only when it mentions all of these'),
      })
      .strict()
      .refine((match) => match.any.length + match.all.length > 0, 'expected keywords in "any" or "all"')
      .describe('Keywords, case-insensitive, in the title or summary: { any: [...], all: [...] }'),
    /** Only notices from these agencies (names or slugs, case-insensitive). */
    agencies: z
      .array(text('an agency name'))
      .default([])
      .describe('Only notices from these agencies (names or slugs, case-insensitive); all when empty'),
    /** Notices published longer ago than this are stored but never alerted (first poll of a new feed). */
    max_age_days: positiveInt('days', 3650)
      .default(30)
      .describe('Older notices are stored but never alerted (the first poll of a new feed)'),
  })
  .strict()
  .refine((watchlist) => watchlist.source !== 'rss' || watchlist.feed !== undefined, {
    message: 'an rss watchlist needs "feed" (the feed URL)',
    path: ['feed'],
  });

export const watchlistSchema = z.discriminatedUnion('kind', [tradeWatchlistSchema, noticeWatchlistSchema], {
  error: 'expected kind: trade or kind: notice',
});

export const watchlistFileSchema = z.array(watchlistSchema, { error: 'expected a list of watchlists' });

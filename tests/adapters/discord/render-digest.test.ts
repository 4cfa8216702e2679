import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { limitViolations } from '../../../adapters/discord/limits.js';
import { renderDigest } from '../../../adapters/discord/render-digest.js';
import type { AlertDigest, AlertItem } from '../../../src/render/alert-digest.js';
import { MAY_2025_DROP } from './alert-fixtures.js';
import { HOSTILE, unescapedMarkdown } from './markdown-check.js';

const US_MAY: AlertItem = {
  ...MAY_2025_DROP,
  dedupKey: 'china-us-magnets:drop-same-month-last-year:2025-05',
  watchlistId: 'china-us-magnets',
  watchlistTitle: 'China → United States rare-earth magnet exports',
  rule: 'drop vs same month last year ≥ 30 %',
  severity: 'warning',
  headline: 'Exports to the United States fell 93 % year on year in May 2025, to about 46 t.',
  facts: [
    { label: 'To', value: '≈46 t (2025-05)' },
    { label: 'Change', value: '−93 % y/y' },
    { label: 'Period', value: '2025-05' },
  ],
};

const generatedAt = Date.parse('2025-06-20T06:00:00Z');

describe('renderDigest', () => {
  it('renders one alert as one embed: title, headline, From/To/Change/Period fields, severity colour, link, time', () => {
    const messages = renderDigest({ title: 'ree-watch: 1 new alert', alerts: [MAY_2025_DROP], generatedAt });
    expect(messages).toHaveLength(1);
    expect(messages[0]?.allowed_mentions).toEqual({ parse: [] });
    expect(messages[0]?.embeds).toEqual([
      {
        author: { name: 'ree-watch: 1 new alert' },
        title: 'China → World rare-earth magnet exports',
        url: 'https://www.customs.gov.cn/',
        color: 0xda373c,
        description:
          '🔴 China’s rare-earth magnet exports fell 52.9 % in May 2025, from 2,627 t to 1,238 t.\nSource: [China customs (GACC)](https://www.customs.gov.cn/)',
        fields: [
          { name: 'From', value: '2,627 t (2025-04)', inline: true },
          { name: 'To', value: '1,238 t (2025-05)', inline: true },
          { name: 'Change', value: '−52.9 %', inline: true },
          { name: 'Period', value: '2025-05', inline: true },
        ],
        footer: { text: 'china-world-magnets · drop vs previous month ≥ 20 % · critical' },
        timestamp: '2025-06-20T06:00:00.000Z',
      },
    ]);
  });

  it('puts an overview line per alert before the alerts themselves, coloured by the worst one', () => {
    const resolved: AlertItem = {
      ...US_MAY,
      dedupKey: 'x',
      state: 'resolved',
      severity: 'info',
      headline: 'Back above the floor.',
    };
    const messages = renderDigest({
      title: '3 alerts',
      alerts: [US_MAY, MAY_2025_DROP, resolved],
      generatedAt,
    });
    expect(messages).toHaveLength(1);
    const [overview, ...details] = messages[0]?.embeds ?? [];
    expect(overview?.title).toBe('3 alerts');
    expect(overview?.color).toBe(0xda373c);
    expect(overview?.description?.split('\n')).toEqual([
      '🟠 **china-us-magnets** Exports to the United States fell 93 % year on year in May 2025, to about 46 t.',
      '🔴 **china-world-magnets** China’s rare-earth magnet exports fell 52.9 % in May 2025, from 2,627 t to 1,238 t.',
      '🟢 **china-us-magnets** Resolved: Back above the floor.',
    ]);
    expect(details.map((embed) => embed.title)).toEqual([
      'China → United States rare-earth magnet exports',
      'China → World rare-earth magnet exports',
      'Resolved: China → United States rare-earth magnet exports',
    ]);
    expect(details[2]?.color).toBe(0x23a55a);
  });

  it('splits a huge digest across messages without losing an alert or exceeding a limit', () => {
    const alerts = Array.from({ length: 120 }, (_, index) => ({
      ...MAY_2025_DROP,
      dedupKey: `k${index}`,
      watchlistId: `watchlist-${index}`,
      headline: `Alert ${index}: ${'exports fell sharply again '.repeat(40)}`,
      facts: Array.from({ length: 30 }, (_, fact) => ({ label: `Fact ${fact}`, value: `${fact * 1000} t` })),
    }));
    const messages = renderDigest({ title: 'Many alerts', alerts, generatedAt });
    expect(messages.length).toBeGreaterThan(10);
    for (const message of messages) expect(limitViolations(message)).toEqual([]);
    const json = JSON.stringify(messages);
    let from = 0;
    for (let index = 0; index < alerts.length; index++) {
      const at = json.indexOf(`**watchlist-${index}** Alert ${index}:`, from);
      expect(at).toBeGreaterThanOrEqual(from);
      from = at;
    }
    // Every alert keeps all 30 of its figures (25 fit one embed; the rest continue in the next).
    const fields = messages.flatMap((message) => message.embeds.flatMap((embed) => embed.fields ?? []));
    expect(fields).toHaveLength(120 * 30);
  });

  it('keeps links whole, except one longer than the field it is in, which Discord could not accept anyway', () => {
    const shortUrl = 'https://www.mofcom.gov.cn/zwgk/zcfb/art/2025/art_9c2108ccaf754f22a34abab2fedaa944.html';
    const hugeUrl = `https://example.org/${'a'.repeat(2000)}`;
    const alert = {
      ...MAY_2025_DROP,
      facts: [{ label: 'Notice', value: `${'words '.repeat(200)}${shortUrl} ${hugeUrl}` }],
    };
    const [message] = renderDigest({ title: 'Links', alerts: [alert], generatedAt });
    expect(limitViolations(message ?? { embeds: [] })).toEqual([]);
    const values = message?.embeds.flatMap((embed) => embed.fields ?? []).map((field) => field.value) ?? [];
    expect(values.some((value) => value.includes(shortUrl))).toBe(true);
  });

  it('shows hostile watchlist titles, headlines and facts literally and never pings', () => {
    const hostile = HOSTILE.join(' ');
    const alert: AlertItem = {
      ...MAY_2025_DROP,
      watchlistTitle: hostile,
      headline: hostile,
      facts: [{ label: hostile, value: hostile }],
      source: hostile,
    };
    const messages = renderDigest({ title: hostile, alerts: [alert, alert], generatedAt });
    for (const message of messages) {
      expect(message.allowed_mentions).toEqual({ parse: [] });
      for (const embed of message.embeds) {
        expect(unescapedMarkdown(embed.title ?? '')).toEqual([]);
        for (const field of embed.fields ?? []) {
          expect(unescapedMarkdown(field.name)).toEqual([]);
          expect(unescapedMarkdown(field.value)).toEqual([]);
        }
        // Our own markup (bold ids, the source link) is removed before checking what remains.
        const description = (embed.description ?? '')
          .replace(/\*\*[a-z0-9-]+\*\*/g, '')
          .replace(/Source: \[((?:\\.|[^\]\\])*)\]\(https:\/\/www\.customs\.gov\.cn\/\)/g, 'Source: $1');
        expect(unescapedMarkdown(description), description).toEqual([]);
      }
    }
    expect(JSON.stringify(messages)).not.toMatch(/@everyone|@here/i);
  });

  it('stays within every limit for any digest (property)', () => {
    // Short strings of any graphemes, and long runs of words that force splitting at every limit.
    const short = fc.string({ unit: 'grapheme', maxLength: 300 });
    const long = fc
      .array(
        fc.constantFrom('稀土', 'magnets', '🧲', '**x**', '@everyone', 'https://example.com/a_b', '\n'),
        { maxLength: 900 },
      )
      .map((words) => words.join(' '));
    // Mostly short, sometimes far over a limit: enough to cross every split, cheap enough to run often.
    const textArb = fc.oneof({ arbitrary: short, weight: 4 }, { arbitrary: long, weight: 1 });
    const alertArb: fc.Arbitrary<AlertItem> = fc.record({
      dedupKey: fc.string(),
      watchlistId: fc.constantFrom('china-india-magnets', 'a'.repeat(63)),
      watchlistTitle: textArb,
      rule: fc.string({ maxLength: 300 }),
      state: fc.constantFrom('firing' as const, 'repeat' as const, 'resolved' as const),
      severity: fc.constantFrom('info' as const, 'warning' as const, 'critical' as const),
      headline: textArb,
      facts: fc.array(fc.record({ label: short, value: textArb }), { maxLength: 30 }),
      source: fc.string({ maxLength: 300 }),
      url: fc.option(fc.webUrl(), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.record({
          title: textArb,
          alerts: fc.array(alertArb, { minLength: 1, maxLength: 15 }),
          generatedAt: fc.constant(generatedAt),
        }),
        (digest: AlertDigest) => {
          const messages = renderDigest(digest);
          expect(messages.length).toBeGreaterThan(0);
          for (const message of messages) {
            expect(limitViolations(message)).toEqual([]);
            expect(message.allowed_mentions).toEqual({ parse: [] });
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});

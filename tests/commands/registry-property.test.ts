import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createCommandRegistry } from '../../src/commands/index.js';
import type { CommandInvocation } from '../../src/model/chat.js';
import { SLACK_LIMITS } from '../../src/model/platform-limits.js';
import { REPLY_LIMITS, replyLength } from '../../src/render/limits.js';
import type { Reply } from '../../src/render/reply.js';
import { loadWatchlists } from '../../src/watchlists/load.js';
import { seedDropAlert, seedMagnets } from '../helpers/command-data.js';
import { seedNotice } from '../helpers/seed.js';
import { testServices, textInvocation } from '../helpers/services.js';
import { openTestStorage } from '../helpers/storage.js';

const watchlists = loadWatchlists('config/watchlists.yaml');
const registry = createCommandRegistry();
const db = await openTestStorage();
// Real data behind every command, so history, chart and the country view run their full paths.
await seedMagnets(db, 0);
await seedDropAlert(db, '2025-04', 'China → India rare-earth magnet exports fell 80% in April 2025.', 0);
await seedNotice(db, {
  id: 'n1',
  source: 'mofcom',
  title: 'Export control of rare earths <!here>',
  publishedAt: Date.parse('2025-06-20T00:00:00Z'),
});
const services = await testServices({ watchlists }, db);
const commandNames = registry.list().flatMap((command) => [command.name, ...(command.aliases ?? [])]);

/** What people (and attackers) actually paste into a chat box. */
const hostile = fc.constantFrom(
  '',
  ' ',
  '@channel',
  '@here',
  '@everyone',
  '<!here>',
  '<!channel>',
  '<!subteam^S123>',
  '<@U123>',
  '<@&123456789012345678>',
  '<@!123456789012345678>',
  '<#C123|general>',
  '<https://evil.example|click me>',
  '[click](https://evil.example)',
  '*bold* _italic_ ~strike~ `code` ```block```',
  '> quoted\n>>> more',
  '||spoiler||',
  '# heading',
  "'; DROP TABLE subscriptions; --",
  '" OR 1=1 --',
  '"unbalanced',
  "it's",
  '“curly”',
  '🇮🇳👩‍👩‍👧‍👦 稀土 🧲',
  '\u202Egnp.exe',
  '\u0000\u0007\u001b[31mred',
  'line\nbreak\r\ttab',
  '--page 999999999999999999999',
  '--page -3',
  '--=x',
  '--days=',
  'x'.repeat(10_240),
  '🧲'.repeat(5_000),
);

const word = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.string({ unit: 'binary' }),
  hostile,
  fc.constantFrom(
    ...commandNames,
    ...watchlists.map((watchlist) => watchlist.id),
    'india',
    'all',
    '7d',
    '90m',
  ),
);

const commandText = fc.oneof(
  word,
  fc.array(word, { maxLength: 10 }).map((words) => words.join(' ')),
  fc
    .tuple(fc.constantFrom(...commandNames), fc.array(word, { maxLength: 6 }))
    .map(([name, words]) => [name, ...words].join(' ')),
  fc.string({ unit: 'binary', minLength: 2_000, maxLength: 12_000 }),
);

const CONTROL = /\p{Cc}/u;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Every promise a reply makes to the adapters that render it. */
function expectSafeReply(reply: Reply): void {
  expect(reply.title.trim()).not.toBe('');
  expect(reply.title).not.toBe('Something went wrong');
  expect(replyLength(reply)).toBeLessThanOrEqual(REPLY_LIMITS.total);
  expect(reply.title.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
  expect(reply.sections.length).toBeLessThanOrEqual(REPLY_LIMITS.sections);
  for (const section of reply.sections) {
    expect(section.lines.length).toBeLessThanOrEqual(REPLY_LIMITS.linesPerSection + 1);
    expect(section.lines.join('\n').length).toBeLessThanOrEqual(REPLY_LIMITS.sectionText);
  }
  expect(reply.fields?.length ?? 0).toBeLessThanOrEqual(REPLY_LIMITS.fields);
  const texts = [
    reply.title,
    reply.footer ?? '',
    ...reply.sections.flatMap((section) => [section.heading ?? '', ...section.lines]),
    ...(reply.fields ?? []).flatMap((field) => [field.name, field.value]),
  ];
  for (const text of texts) {
    expect(text).not.toMatch(CONTROL);
    expect(text).not.toMatch(LONE_SURROGATE);
  }
}

describe('the command registry under arbitrary input', () => {
  it('answers every free-text command (Slack, console) with a safe reply that fits the platforms', async () => {
    await fc.assert(
      fc.asyncProperty(commandText, fc.boolean(), async (text, canManageChannel) => {
        const reply = await registry.dispatch(textInvocation(text, { canManageChannel }), services);
        expectSafeReply(reply);
      }),
      { numRuns: 600 },
    );
  });

  it('answers every typed command (Discord options) with a safe reply that fits the platforms', async () => {
    const typed = fc.constantFrom(...registry.list()).chain((command) =>
      fc.record({
        command: fc.oneof(fc.constant(command.name), fc.string()),
        options: fc.record(
          Object.fromEntries(
            command.options.map((option) => [
              option.name,
              fc.oneof(word, fc.integer(), fc.constant(undefined)),
            ]),
          ),
        ),
      }),
    );
    await fc.assert(
      fc.asyncProperty(typed, async ({ command, options }) => {
        const invocation: CommandInvocation = textInvocation('', {
          platform: 'discord',
          input: { command, options: options as Record<string, string | number | undefined> },
        });
        expectSafeReply(await registry.dispatch(invocation, services));
      }),
      { numRuns: 300 },
    );
  });

  it('answers every command followed by every hostile string, with and without a duration', async () => {
    const samples = fc.sample(hostile, { numRuns: 200, seed: 8 });
    for (const name of commandNames) {
      for (const text of new Set(samples)) {
        for (const input of [
          `${name} ${text}`,
          `${name} ${text} 7d`,
          `${name} china-india-magnets ${text}`,
        ]) {
          expectSafeReply(await registry.dispatch(textInvocation(input), services));
        }
      }
    }
  });

  it('never repeats more than a short, cleaned excerpt of what was typed', async () => {
    const attack = `<!channel> ${'A'.repeat(500)}\u202E\u0000`;
    for (const text of [
      attack,
      `subscribe ${attack}`,
      `mute ${attack} 7d`,
      `help ${attack}`,
      `watchlists ${attack}`,
    ]) {
      const reply = await registry.dispatch(textInvocation(text), services);
      const all = JSON.stringify(reply);
      expect(all).not.toContain('A'.repeat(60));
      expect(all).not.toContain('\u202E');
      expectSafeReply(reply);
    }
  });
});

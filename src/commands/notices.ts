import { DAY_MS } from '../model/time.js';
import { NOTICE_SOURCES } from '../model/watchlist.js';
import { errorReply, type Reply, reply } from '../render/reply.js';
import { formatDate } from '../render/time.js';
import { matchKeywords } from '../rules/keyword-match.js';
import { sourceLabel } from '../rules/source-labels.js';
import { quoteInput } from '../text/echo.js';
import { suggest } from '../text/suggest.js';
import type { CommandDefinition } from './command.js';
import { didYouMean } from './resolve.js';
import { usage } from './usage.js';

const DEFAULT_DAYS = 30;
const MAX_DAYS = 3650;
const SHOWN = 10;
/** Newest notices read before keyword filtering: enough for years of the sources we poll. */
const SCAN = 2_000;

export const noticesCommand: CommandDefinition = {
  name: 'notices',
  aliases: ['news'],
  summary: 'The newest policy notices (MOFCOM, Federal Register, DGFT, feeds), with date, agency and link',
  usage: 'notices [keyword] [--source S] [--days N]',
  examples: [
    { command: 'notices' },
    { command: 'notices', args: { keyword: '"export control"', days: '90' } },
    { command: 'notices', args: { keyword: 'magnet', source: 'dgft' } },
  ],
  options: [
    { name: 'keyword', description: 'Words the notice must mention', type: 'string', positional: true },
    {
      name: 'source',
      description: `Only one source: ${NOTICE_SOURCES.join(', ')}`,
      type: 'string',
      positional: false,
      autocomplete: 'source',
      choices: NOTICE_SOURCES,
    },
    {
      name: 'days',
      description: `How many days back (default ${DEFAULT_DAYS})`,
      type: 'integer',
      positional: false,
    },
  ],
  async run(args, { services }): Promise<Reply> {
    const sourceText = args.flags.source?.trim().toLowerCase();
    if (sourceText !== undefined && !(NOTICE_SOURCES as readonly string[]).includes(sourceText))
      return errorReply('Unknown source', [
        `${quoteInput(sourceText)} is not a notice source.`,
        didYouMean(suggest(sourceText, NOTICE_SOURCES)) ?? `Sources: ${NOTICE_SOURCES.join(', ')}.`,
      ]);
    const daysText = args.flags.days;
    const days = daysText === undefined ? DEFAULT_DAYS : Number(daysText);
    if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS)
      return errorReply('Days out of range', [
        `--days takes a whole number from 1 to ${MAX_DAYS}, e.g. ${usage('notices', { days: '90' })}; ${quoteInput(daysText ?? '')} is not one.`,
      ]);

    const keyword = args.positional.join(' ').trim();
    const now = services.clock.now();
    const candidates = await services.notices.recent({
      ...(sourceText ? { source: sourceText } : {}),
      since: now - days * DAY_MS,
      limit: SCAN,
    });
    const matching =
      keyword === ''
        ? candidates
        : candidates.filter(
            (notice) =>
              matchKeywords(`${notice.title}\n${notice.summary ?? ''}`, { any: [keyword], all: [] }).matched,
          );

    const what = [
      keyword === '' ? 'Notices' : `Notices mentioning ${quoteInput(keyword)}`,
      sourceText ? ` from ${sourceLabel(sourceText).name}` : '',
      ` in the last ${days} day${days === 1 ? '' : 's'}`,
    ].join('');
    if (matching.length === 0)
      return reply(`No notices found`, [
        `${what}: none stored.`,
        days < 365
          ? `Try a longer period, e.g. ${usage('notices', { ...(keyword ? { keyword: quoteInput(keyword) } : {}), days: '365' })}`
          : `Try another keyword, or ${usage('notices')} with none.`,
      ]);
    const shown = matching.slice(0, SHOWN);
    return reply(what, [], {
      sections: shown.map((notice) => ({
        heading: notice.title.trim(),
        lines: [
          [
            formatDate(notice.publishedAt ?? notice.firstSeenAt) +
              (notice.publishedAt === null ? ' (first seen; undated)' : ''),
            sourceLabel(notice.source).name,
            notice.agency ?? undefined,
          ]
            .filter(Boolean)
            .join(' · '),
          ...(/^https?:\/\//i.test(notice.url) ? [notice.url] : []),
        ],
      })),
      footer:
        matching.length > SHOWN
          ? `Newest ${SHOWN} of ${matching.length}; narrow with a keyword, --source or --days.`
          : `${matching.length} notice${matching.length === 1 ? '' : 's'}.`,
    });
  },
};

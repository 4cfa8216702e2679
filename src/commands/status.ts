import { uptimeMs } from '../clock.js';
import { formatDuration } from '../duration.js';
import type { SourceHealth } from '../model/source.js';
import { backfillText } from '../render/backfill-text.js';
import { type Reply, type ReplySection, reply } from '../render/reply.js';
import { truncateAtWord } from '../render/text-limits.js';
import { formatUtc, relativeTime } from '../render/time.js';
import { sourceLabel } from '../rules/source-labels.js';
import { rssHealthKey } from '../sources/requests.js';
import { echoInput } from '../text/echo.js';
import type { CommandContext, CommandDefinition } from './command.js';
import { deliveryLines } from './subscriptions.js';
import { usage } from './usage.js';
import { channelOf } from './watchlist-args.js';

/** One part of `/ree status`; each read model that has something to report adds one. */
type StatusPart = (
  context: CommandContext,
  now: number,
  details: boolean,
) => Promise<ReplySection | undefined>;

/** A source's last error on its one-line summary; `--details` shows it whole. */
const SHORT_ERROR = 90;

const sourcesPart: StatusPart = async ({ services }, now, details) => {
  const health = new Map((await services.sourceHealth.list()).map((item) => [item.source, item]));
  const backfills = new Map((await services.tradeCoverage.backfills()).map((item) => [item.source, item]));
  // Feeds keep their health per host (rss:<host>), every other source under its name.
  const configured = new Set<string>(
    services.watchlists.map((watchlist) =>
      watchlist.kind === 'notice' && watchlist.source === 'rss'
        ? rssHealthKey(watchlist.feed)
        : watchlist.source,
    ),
  );
  const names = [...new Set([...configured, ...health.keys()])].sort();
  if (names.length === 0)
    return { heading: 'Sources', lines: ['No sources are configured: the watchlist file is empty.'] };
  const lines: string[] = [];
  for (const source of names)
    lines.push(
      describeSource(
        source,
        health.get(source),
        configured.has(source),
        now,
        (await services.nextPollAt?.(source)) ?? null,
        backfills.get(source),
        details ? 200 : SHORT_ERROR,
        (await services.lastPolledBy?.(source)) ?? null,
      ),
    );
  return { heading: 'Sources', lines };
};

/**
 * "comtrade (UN Comtrade): healthy · last success 2h ago · next poll in 4h": what matters first, so a
 * line cut for length loses the end of the last error, never the next poll.
 */
export function describeSource(
  source: string,
  health: SourceHealth | undefined,
  inUse: boolean,
  now: number,
  scheduledAt: number | null = null,
  backfill?: { done: number; total: number },
  errorLength = 200,
  polledBy: string | null = null,
): string {
  const name = `${source} (${sourceLabel(source).name})`;
  // History still arriving: how far, so a short /ree india is understood, not mistaken for a gap.
  const filling = backfill && backfill.done < backfill.total ? ` · ${backfillText(backfill)}` : '';
  const unused = (inUse ? '' : ' · no watchlist uses it any more') + filling;
  // A source backing off after failures waits for whichever comes later: its back-off or its schedule.
  const nextAt =
    health?.nextAttemptAt != null && health.nextAttemptAt > (scheduledAt ?? 0)
      ? health.nextAttemptAt
      : scheduledAt;
  // Several replicas share the schedule: which one ran the last poll is where to read its logs.
  const next =
    (polledBy === null ? '' : ` · last polled by ${polledBy}`) +
    (nextAt === null ? '' : nextAt <= now ? ' · polling now' : ` · next poll ${relativeTime(nextAt, now)}`);
  if (!health || health.lastAttemptAt === null) return `${name}: not polled yet${next}${unused}`;
  if (health.healthy) {
    const success =
      health.lastSuccessAt === null ? '' : ` · last success ${relativeTime(health.lastSuccessAt, now)}`;
    return `${name}: healthy${success}${next}${unused}`;
  }
  const failures = `${health.consecutiveFailures} failed attempt${health.consecutiveFailures === 1 ? '' : 's'} in a row`;
  const lastGood =
    health.lastSuccessAt === null
      ? 'never succeeded'
      : `last success ${relativeTime(health.lastSuccessAt, now)}`;
  const error = health.lastError
    ? ` · last error: ${truncateAtWord(echoInput(health.lastError, 200), errorLength)}`
    : '';
  return `${name}: FAILING, ${failures} · ${lastGood}${next}${unused}${error}`;
}

/** The outbox: what waits to be sent, what was given up, and the last delivery error anywhere. */
const outboxPart: StatusPart = async ({ services }, now) => {
  const summary = await services.deliveryStatus.summary();
  const lines = [
    `${summary.pending} message${summary.pending === 1 ? '' : 's'} waiting to be sent, ${summary.failed} given up` +
      (summary.lastDeliveredAt === null
        ? '; nothing delivered yet'
        : `; last delivery ${relativeTime(summary.lastDeliveredAt, now)}`),
  ];
  const error = summary.lastError;
  if (error)
    lines.push(
      `Last delivery error ${relativeTime(error.at, now)} on ${error.platform} channel ${error.channel}: ${error.outcome}` +
        (error.detail ? ` (${echoInput(error.detail, 200)})` : ''),
    );
  return { heading: 'Delivery', lines };
};

const deliveryPart: StatusPart = async ({ services, invocation }, now) => ({
  heading: 'This channel',
  lines: await deliveryLines(services, channelOf(invocation), now),
});

/**
 * Rules that could not be evaluated at the last cycle (missing month, suppressed figure …): a count by
 * default, since a new install skips most of them for want of data; the list with `--details`.
 */
const skipsPart: StatusPart = async ({ services }, _now, details) => {
  const skips = await services.ruleSkips.list();
  if (skips.length === 0) return undefined;
  const heading = 'Rules skipped at the last evaluation';
  if (details)
    return {
      heading,
      lines: skips.map((skip) => `${skip.watchlist} ${skip.rule} (${skip.subject}): ${skip.reason}`),
    };
  const watchlists = new Set(skips.map((skip) => skip.watchlist)).size;
  return {
    heading,
    lines: [
      `${skips.length} rule${skips.length === 1 ? '' : 's'} in ${watchlists} watchlist${watchlists === 1 ? '' : 's'} could not be evaluated (${commonestReason(skips)}); ${usage('status', { details: 'true' })} lists them.`,
    ],
  };
};

/** "mostly: missing month" — the reason most skips share, cut to its kind (the part before ":"). */
function commonestReason(skips: readonly { reason: string }[]): string {
  const counts = new Map<string, number>();
  for (const skip of skips) {
    const kind = skip.reason.split(':')[0]?.trim() || skip.reason;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
  }
  const [kind, count] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0] ?? ['', 0];
  return count === skips.length ? echoInput(kind, 60) : `mostly ${echoInput(kind, 60)}`;
}

const servicePart: StatusPart = async ({ services }, now) => {
  const uptime = uptimeMs(services.clock, services.startedAt);
  const channels = [...(await services.subscriptions.counts()).values()].reduce(
    (sum, count) => sum + count,
    0,
  );
  return {
    heading: 'Service',
    lines: [
      `ree-watch ${services.version}, up ${formatDuration(uptime)} (since ${formatUtc(now - uptime)})`,
      `${services.watchlists.length} watchlist${services.watchlists.length === 1 ? '' : 's'} loaded, ${channels} subscription${channels === 1 ? '' : 's'} across all channels`,
      `database: ${services.store}`,
    ],
  };
};

export const STATUS_PARTS: readonly StatusPart[] = [
  sourcesPart,
  outboxPart,
  deliveryPart,
  skipsPart,
  servicePart,
];

export const statusCommand: CommandDefinition = {
  name: 'status',
  summary: 'Each source (healthy or not, last success, next poll), the outbox, version and uptime',
  usage: 'status [--details]',
  examples: [{ command: 'status' }, { command: 'status', args: { details: 'true' } }],
  options: [
    {
      name: 'details',
      description: 'List every rule skipped and each source’s whole last error',
      type: 'boolean',
      positional: false,
    },
  ],
  async run(args, context): Promise<Reply> {
    const now = context.services.clock.now();
    const details = args.flags.details !== undefined && args.flags.details !== 'false';
    const sections: ReplySection[] = [];
    for (const part of STATUS_PARTS) {
      const section = await part(context, now, details);
      if (section) sections.push(section);
    }
    const polled = (await context.services.sourceHealth.list()).filter(
      (health) => health.lastAttemptAt !== null,
    );
    const failing = polled.filter((health) => !health.healthy);
    const title =
      failing.length > 0
        ? `ree-watch status: ${failing.length} source${failing.length === 1 ? '' : 's'} failing`
        : polled.length === 0
          ? 'ree-watch status: no source polled yet'
          : 'ree-watch status: every polled source is healthy';
    return reply(title, [], { sections, tone: failing.length > 0 ? 'warning' : 'info' });
  },
};

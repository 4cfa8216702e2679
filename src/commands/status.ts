import { formatDuration } from '../duration.js';
import { sourceName } from '../render/names.js';
import { type Reply, type ReplySection, reply } from '../render/reply.js';
import { formatUtc, relativeTime } from '../render/time.js';
import type { SourceHealth } from '../store/source-health.js';
import { echoInput } from '../text/echo.js';
import type { CommandContext, CommandDefinition } from './command.js';
import { deliveryLines } from './subscriptions.js';
import { channelOf } from './watchlist-args.js';

/** One part of `/ree status`; each read model that has something to report adds one. */
type StatusPart = (context: CommandContext, now: number) => ReplySection | undefined;

const sourcesPart: StatusPart = ({ services }, now) => {
  const health = new Map(services.sourceHealth.list().map((item) => [item.source, item]));
  const configured = new Set<string>(services.watchlists.map((watchlist) => watchlist.source));
  const names = [...new Set([...configured, ...health.keys()])].sort();
  if (names.length === 0)
    return { heading: 'Sources', lines: ['No sources are configured: the watchlist file is empty.'] };
  return {
    heading: 'Sources',
    lines: names.map((source) => describeSource(source, health.get(source), configured.has(source), now)),
  };
};

/** "comtrade (UN Comtrade): healthy · last success 2h ago · next poll in 4h". */
export function describeSource(
  source: string,
  health: SourceHealth | undefined,
  inUse: boolean,
  now: number,
): string {
  const name = `${source} (${sourceName(source)})`;
  const unused = inUse ? '' : ' · no watchlist uses it any more';
  if (!health || health.lastAttemptAt === null) return `${name}: not polled yet${unused}`;
  const next = health.nextAttemptAt === null ? '' : ` · next poll ${relativeTime(health.nextAttemptAt, now)}`;
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
  const error = health.lastError ? ` · last error: ${echoInput(health.lastError, 200)}` : '';
  return `${name}: FAILING, ${failures} · ${lastGood}${error}${next}${unused}`;
}

// Extension point: the outbox (pending alerts, last delivery error) adds its part here once the
// alert engine's read models are available; until then the channel's own delivery health is shown.
const deliveryPart: StatusPart = ({ services, invocation }, now) => ({
  heading: 'Delivery to this channel',
  lines: deliveryLines(services, channelOf(invocation), now),
});

const servicePart: StatusPart = ({ services }, now) => {
  const channels = [...services.subscriptions.counts().values()].reduce((sum, count) => sum + count, 0);
  return {
    heading: 'Service',
    lines: [
      `ree-watch ${services.version}, up ${formatDuration(now - services.startedAt)} (since ${formatUtc(services.startedAt)})`,
      `${services.watchlists.length} watchlist${services.watchlists.length === 1 ? '' : 's'} loaded, ${channels} subscription${channels === 1 ? '' : 's'} across all channels`,
    ],
  };
};

export const STATUS_PARTS: readonly StatusPart[] = [sourcesPart, deliveryPart, servicePart];

export const statusCommand: CommandDefinition = {
  name: 'status',
  summary: 'Whether each source is healthy, when it polls next, and how ree-watch itself is doing',
  usage: 'status',
  examples: ['/ree status'],
  options: [],
  run(_args, context): Reply {
    const now = context.services.clock.now();
    const sections = STATUS_PARTS.map((part) => part(context, now)).filter(
      (section): section is ReplySection => section !== undefined,
    );
    const polled = context.services.sourceHealth.list().filter((health) => health.lastAttemptAt !== null);
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

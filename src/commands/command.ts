import type { Clock } from '../clock.js';
import type { Logger } from '../logger.js';
import type { CommandInvocation } from '../model/chat.js';
import type { Watchlist } from '../model/watchlist.js';
import type { Reply } from '../render/reply.js';
import type { CommandArgs } from './args.js';
import type { ChannelAdmins } from './channel-access.js';
import type {
  AlertHistory,
  ChannelMutes,
  ChannelSubscriptions,
  CoverageReader,
  DeliveryStatusReader,
  NoticeReader,
  RuleSkipReader,
  SeriesReader,
  SourceHealthReader,
} from './ports.js';

/** A typed option, so Discord can offer the same command with real options and autocomplete. */
export interface CommandOption {
  name: string;
  description: string;
  /** `boolean` is a switch: `--details` in free text, `details:True` on Discord. */
  type: 'string' | 'integer' | 'boolean';
  required?: boolean;
  /** Positional options fill `args.positional` in declaration order; the others become `args.flags`. */
  positional?: boolean;
  /** Autocomplete source on platforms that offer it. */
  autocomplete?: 'watchlist' | 'country' | 'source';
  choices?: readonly string[];
}

/** What every handler can use; later features add their read models here. */
export interface CommandServices {
  clock: Clock;
  logger: Logger;
  version: string;
  /** Which database holds the data, for `/ree status`: "SQLite /var/lib/…" or "PostgreSQL user@host/db", never a password. */
  store: string;
  startedAt: number;
  /** Who may run commands that change a channel, per platform. */
  admins: ChannelAdmins;
  watchlists: readonly Watchlist[];
  subscriptions: ChannelSubscriptions;
  mutes: ChannelMutes;
  sourceHealth: SourceHealthReader;
  /** Active alerts per watchlist. */
  alerts: AlertHistory;
  /** Why rules could not be evaluated (missing month, zero baseline, suppressed value, unit change). */
  ruleSkips: RuleSkipReader;
  /** Outbox: pending count, failures, last delivery error, overall or per channel. */
  deliveryStatus: DeliveryStatusReader;
  /** Stored trade series: a watchlist's months, the series between a country and China or the world. */
  tradeHistory: SeriesReader;
  /** Months published, months asked and answered, and each source's backfill progress. */
  tradeCoverage: CoverageReader;
  /** Stored policy notices, newest first. */
  notices: NoticeReader;
  /** When a source is next polled (its scheduled job's next run), if anything schedules it. */
  nextPollAt?: (source: string) => Promise<number | null>;
  /** Which replica (REPLICA_ID) ran the source's scheduled poll last, if one was recorded. */
  lastPolledBy?: (source: string) => Promise<string | null>;
}

/**
 * A command as someone would type it: the subcommand and its arguments by option name. Replies name
 * commands this way (src/commands/usage.ts) and the platform writes them in its own syntax: `/ree india`
 * on Slack and the console, `/ree country country:india` on Discord.
 */
export interface CommandUsage {
  command: string;
  /** Option name → value, as the command's options declare them. */
  args?: Readonly<Record<string, string>>;
}

/** The registered commands, as a command sees them (help lists them, `/ree <word>` suggests them). */
export interface CommandCatalog {
  get(name: string): CommandDefinition | undefined;
  list(): readonly CommandDefinition[];
  /** The command that answers `/ree <anything else>` (`/ree india` runs `country`), if any. */
  readonly fallback?: string;
}

export interface CommandContext {
  invocation: CommandInvocation;
  services: CommandServices;
  registry: CommandCatalog;
  logger: Logger;
}

export interface CommandDefinition {
  name: string;
  aliases?: readonly string[];
  /** One line for the help list. */
  summary: string;
  /** The free-text synopsis, e.g. "subscribe <watchlist…>"; Discord writes its own from `options`. */
  usage: string;
  examples: readonly CommandUsage[];
  options: readonly CommandOption[];
  /** Changes what a channel receives: needs permission, and the confirmation is posted in the channel. */
  changesChannel?: boolean;
  run(args: CommandArgs, context: CommandContext): Reply | Promise<Reply>;
}

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
  type: 'string' | 'integer';
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
}

/** The registered commands, as a command sees them (help lists them, `/ree <word>` suggests them). */
export interface CommandCatalog {
  get(name: string): CommandDefinition | undefined;
  list(): readonly CommandDefinition[];
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
  /** e.g. "subscribe <watchlist…>" */
  usage: string;
  examples: readonly string[];
  options: readonly CommandOption[];
  /** Changes what a channel receives: needs permission, and the confirmation is posted in the channel. */
  changesChannel?: boolean;
  run(args: CommandArgs, context: CommandContext): Reply | Promise<Reply>;
}

import type { Readable, Writable } from 'node:stream';
import type { Clock } from '../src/clock.js';
import type { CommandDefinition } from '../src/commands/command.js';
import type { Config, ConfigError } from '../src/config.js';
import type { HttpServer } from '../src/http/server.js';
import type { Logger } from '../src/logger.js';
import type { Metrics } from '../src/metrics.js';
import type { Platform } from '../src/model/chat.js';
import type { Watchlist } from '../src/model/watchlist.js';
import type { ChatAdapter, CommandHandler } from './chat-adapter.js';

/** What any chat adapter may be built with; each provider takes the part it needs. */
export interface ChatAdapterDeps {
  config: Config;
  logger: Logger;
  clock: Clock;
  metrics: Metrics;
  onCommand: CommandHandler;
  /** Looks up a command's definition by subcommand name (Discord's typed options). */
  definition: (name: string) => CommandDefinition | undefined;
  watchlists: readonly Watchlist[];
  /**
   * The service (commands come in: on stdin, /slack/events or Socket Mode, the Discord gateway), or
   * a one-shot run that only delivers alerts.
   */
  interactive: boolean;
  /** The service's HTTP server, for platforms that receive commands over HTTP. */
  http?: HttpServer;
  /** Runs `fn` holding a lock shared by the replicas on one database (Storage.withLock). */
  withLock?: (name: string, fn: () => Promise<void>) => Promise<void>;
  /** The locks this replica holds now, shown on /healthz. */
  heldLocks?: { hold(name: string): () => void };
  stdin: Readable;
  stdout: Writable;
  /** Told once when a platform refuses its token at start: the service exits 2 with this line. */
  onTokenRefused: (error: ConfigError) => void;
}

/**
 * One chat platform, as the registry sees it (one provider per file, as Hubot's adapters and Uptime
 * Kuma's notification providers are): the config keys it needs, whether the config enables it, and
 * how to build its adapter. Building loads the platform's library only then: start-up is benchmarked.
 */
export interface ChatAdapterProvider {
  readonly platform: Platform;
  /** The environment keys that enable it (for messages and docs). */
  readonly configKeys: readonly string[];
  enabled(config: Config): boolean;
  create(deps: ChatAdapterDeps): Promise<ChatAdapter>;
}

import type { Readable, Writable } from 'node:stream';
import type { ChatAdapter, CommandHandler } from '../../adapters/chat-adapter.js';
import { ConsoleAdapter } from '../../adapters/console/console-adapter.js';
import { chartDirFor } from '../../adapters/console/save-image.js';
import type { Clock } from '../clock.js';
import type { CommandDefinition } from '../commands/command.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { Metrics } from '../metrics.js';
import type { Platform } from '../model/chat.js';
import type { Watchlist } from '../model/watchlist.js';

/** What a target's adapter is built with, once the config exists. */
export interface TargetDeps {
  config: Config;
  logger: Logger;
  clock: Clock;
  metrics: Metrics;
  watchlists: readonly Watchlist[];
  /** The App's command handler and registry (bound late: the App is built with the adapter). */
  onCommand: CommandHandler;
  definition: (name: string) => CommandDefinition | undefined;
}

/**
 * Where the demo's channel lives: the terminal, or a loopback fake Slack or Discord whose API
 * payloads are printed. Each target builds the real adapter for its platform.
 */
export interface DemoTarget {
  readonly platform: Platform;
  /** The channel that subscribes to the demo's watchlists. */
  readonly channel: string;
  /** How the channel is named in the output, e.g. "#console" or "Slack channel C0REEDEMO". */
  readonly channelLabel: string;
  /** Environment keys that enable the platform and point it at its fake. */
  readonly env: Record<string, string>;
  createAdapter(deps: TargetDeps): Promise<ChatAdapter>;
  /** Prints what reached the platform since the last call (the console prints as it sends). */
  printDelivered(out: Writable): void;
  /** Answers commands read from `input` until it ends; resolves then. */
  answerCommands(input: Readable, out: Writable, deps: TargetDeps): Promise<void>;
  close(): Promise<void>;
}

/** The terminal: alerts printed as a channel shows them, commands answered as `ree-watch start` does. */
export class ConsoleTarget implements DemoTarget {
  readonly platform = 'console' as const;
  readonly channel = 'console';
  readonly channelLabel = '#console';
  readonly env = {};
  private commands: ConsoleAdapter | undefined;

  constructor(private readonly output: Writable) {}

  async createAdapter(deps: TargetDeps): Promise<ChatAdapter> {
    // Output only: commands are read after the replay, by the adapter answerCommands starts.
    return new ConsoleAdapter({
      output: this.output,
      channel: this.channel,
      onCommand: deps.onCommand,
      imageDir: chartDirFor(deps.config.databasePath),
    });
  }

  printDelivered(): void {}

  answerCommands(input: Readable, out: Writable, deps: TargetDeps): Promise<void> {
    return new Promise((resolve, reject) => {
      this.commands = new ConsoleAdapter({
        input,
        output: out,
        channel: this.channel,
        onCommand: deps.onCommand,
        onInputEnd: resolve,
        prompt: (input as { isTTY?: boolean }).isTTY === true,
        // Beside the demo's database, as the service saves them: deleted with it when the demo ends.
        imageDir: chartDirFor(deps.config.databasePath),
      });
      this.commands.start().catch(reject);
    });
  }

  async close(): Promise<void> {
    await this.commands?.stop();
  }
}

import type { Readable, Writable } from 'node:stream';
import type { Clock } from '../clock.js';
import { type Config, type Env, loadConfig, secretsIn } from '../config.js';
import { createLogger, type Logger, type LogLevel } from '../logger.js';

/** What a CLI command runs with; tests construct it with their own streams, env and clock. */
export interface CliContext {
  argv: string[];
  env: Env;
  stdin: Readable;
  stdout: Writable;
  stderr: Writable;
  clock?: Clock;
  /** Resolves when the process is asked to stop (SIGINT/SIGTERM); only `start` and `demo` wait on it. */
  shutdownSignal: Promise<string>;
}

/** Loads the config (throwing ConfigError) and a logger that scrubs every configured secret. */
export function configure(
  context: CliContext,
  overrides: { logLevel?: LogLevel } = {},
): { config: Config; logger: Logger } {
  const config = loadConfig(context.env);
  const logger = createLogger({ level: overrides.logLevel ?? config.logLevel, secrets: config.secrets });
  return { config, logger };
}

/** A logger usable before the config is known to be valid (for reporting that it is not). */
export function bootstrapLogger(context: CliContext): Logger {
  return createLogger({ level: 'info', secrets: secretsIn(context.env) });
}

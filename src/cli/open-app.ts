import { App } from '../app.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { CliContext } from './context.js';

/** The App of a CLI command, on the command's streams and clock: the console adapter prints to its stdout. */
export function openApp(context: CliContext, config: Config, logger: Logger): Promise<App> {
  return App.open({ config, logger, clock: context.clock, stdin: context.stdin, stdout: context.stdout });
}

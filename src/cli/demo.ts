import { parseArgs } from 'node:util';
import { LOG_LEVELS, type LogLevel } from '../logger.js';
import type { CliContext } from './context.js';
import { EXIT, UsageError } from './errors.js';

/**
 * `ree-watch demo [--slack | --discord] [--keep-database PATH]`: the whole product offline on a
 * bundled snapshot of 2025 (see src/demo/). With --slack or --discord the channel is a loopback fake
 * of that platform and the exact API payloads are printed; --keep-database keeps its SQLite file
 * (for `ree-watch db copy`, say). Exits 0 when the input ends (Ctrl-D).
 */
export async function demoCommand(context: CliContext): Promise<number> {
  const { values } = parseArgs({
    args: context.argv,
    options: {
      slack: { type: 'boolean', default: false },
      discord: { type: 'boolean', default: false },
      'keep-database': { type: 'string' },
    },
    allowPositionals: false,
  });
  if (values.slack && values.discord) throw new UsageError('demo takes --slack or --discord, not both');
  const level = context.env.LOG_LEVEL?.trim();
  if (level && !(LOG_LEVELS as readonly string[]).includes(level))
    throw new UsageError(`LOG_LEVEL "${level}" is not one of ${LOG_LEVELS.join(', ')}`);
  // The demo and its snapshot load only for this command.
  const { runDemo } = await import('../demo/run-demo.js');
  const { ConsoleTarget } = await import('../demo/target.js');
  const target = values.slack
    ? await (await import('../demo/slack-target.js')).SlackTarget.start()
    : values.discord
      ? await (await import('../demo/discord-target.js')).DiscordTarget.start()
      : new ConsoleTarget(context.stdout);
  await runDemo({
    target,
    stdin: context.stdin,
    stdout: context.stdout,
    // Logs go to stderr; the demo's story is on stdout, so only problems are logged unless asked.
    logLevel: (level as LogLevel | undefined) ?? 'warn',
    shutdownSignal: context.shutdownSignal,
    ...(values['keep-database'] ? { keepDatabase: values['keep-database'] } : {}),
  });
  return EXIT.ok;
}

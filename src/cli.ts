import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CliContext } from './cli/context.js';
import { EXIT, UsageError } from './cli/errors.js';
import { CONFIG_KEYS, ConfigError } from './config.js';
import { describeStorageFailure, describeStore } from './store/open-storage.js';
import { StoreError } from './store/sql.js';
import { unknownKeyWarnings } from './unknown-config-keys.js';
import { VERSION } from './version.js';
import { WatchlistError } from './watchlists/load.js';

type CommandRunner = (context: CliContext) => Promise<number>;

/**
 * Each command's module is loaded only when that command runs: `start` is benchmarked to /healthz,
 * and the others pull in what it never needs (the Slack manifest's Block Kit renderers, file importers).
 */
const COMMANDS: Record<string, { load: () => Promise<CommandRunner>; usage: string; summary: string }> = {
  start: {
    load: async () => (await import('./cli/start.js')).startCommand,
    usage: 'start',
    summary: 'run the service: scheduler, HTTP server, chat adapters',
  },
  demo: {
    load: async () => (await import('./cli/demo.js')).demoCommand,
    usage: 'demo [--slack | --discord] [--keep-database PATH]',
    summary: 'the whole product offline on a bundled 2025 snapshot; then answers commands typed on stdin',
  },
  ask: {
    load: async () => (await import('./cli/ask.js')).askCommand,
    usage: 'ask "<command text>" [--channel ID]',
    summary: 'answer one slash command and print the reply; exit 1 if the reply is an error',
  },
  poll: {
    load: async () => (await import('./cli/poll.js')).pollCommand,
    usage: 'poll [--source NAME] [--record DIR]',
    summary: 'fetch the sources now, store what is new, print one line per series',
  },
  import: {
    load: async () => (await import('./cli/import.js')).importCommand,
    usage: 'import <file> --format gacc|csv [--flow export|import]',
    summary: 'store a downloaded trade file (China customs GACC export or CSV)',
  },
  'check-config': {
    load: async () => (await import('./cli/check-config.js')).checkConfigCommand,
    usage: 'check-config',
    summary: 'validate the environment; exit 2 with one line per problem',
  },
  db: {
    load: async () => (await import('./cli/db.js')).dbCommand,
    usage: 'db copy --to postgres://… [--resume]',
    summary: 'move the SQLite database into an empty PostgreSQL database, verified table by table',
  },
  slack: {
    load: async () => (await import('./cli/slack-manifest.js')).slackCommand,
    usage: 'slack manifest [--url URL] [--socket-mode]',
    summary: 'print the Slack app manifest (YAML) to create the app from',
  },
  discord: {
    load: async () => (await import('./cli/discord-register.js')).discordCommand,
    usage: 'discord register-commands [--guild ID]',
    summary: 'register the /ree command with Discord and print what changed',
  },
};

export function usage(): string {
  const width = Math.max(...Object.values(COMMANDS).map((command) => command.usage.length));
  return [
    `ree-watch ${VERSION} — rare-earth trade and export-licensing alerts for Slack and Discord`,
    '',
    'Usage: ree-watch <command> [options]',
    '',
    ...Object.values(COMMANDS).map((command) => `  ${command.usage.padEnd(width)}  ${command.summary}`),
    '',
    'Configuration comes from the environment (and .env if present); see .env.example.',
  ].join('\n');
}

/** Runs one CLI invocation and returns its exit code. User-fixable errors become readable lines. */
export async function main(context: CliContext): Promise<number> {
  const [name, ...rest] = context.argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    context.stdout.write(`${usage()}\n`);
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    context.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  try {
    if (!command) throw new UsageError(`unknown command "${name}"; run "ree-watch --help" for the list`);
    const run = await command.load();
    return await run({ ...context, argv: rest });
  } catch (error) {
    return reportError(error, context);
  }
}

function reportError(error: unknown, context: CliContext): number {
  if (error instanceof ConfigError) {
    for (const problem of error.problems) context.stderr.write(`${problem.key}: ${problem.message}\n`);
    // A mistyped key often explains the problem ("SLACK_BOT_TOKEN: is required" beside SLAK_BOT_TOKEN).
    for (const warning of unknownKeyWarnings(context.env)) context.stderr.write(`warning: ${warning}\n`);
    return EXIT.usage;
  }
  if (error instanceof WatchlistError) {
    for (const problem of error.problems) context.stderr.write(`${problem}\n`);
    return EXIT.usage;
  }
  if (error instanceof UsageError || isNodeArgError(error)) {
    context.stderr.write(`ree-watch: ${(error as Error).message}\n`);
    return EXIT.usage;
  }
  if (error instanceof StoreError) {
    context.stderr.write(`ree-watch: ${error.message}\n`);
    return EXIT.failure;
  }
  const storageFailure = describeStorageFailure(error);
  if (storageFailure !== undefined) {
    // The database went bad mid-run (a full disk, a file made read-only, a server gone): say which and why.
    const where = context.env.DATABASE_URL
      ? describeStore({ databasePath: '', databaseUrl: context.env.DATABASE_URL })
      : `at ${resolve(context.env.DATABASE_PATH || CONFIG_KEYS.DATABASE_PATH.default)}`;
    context.stderr.write(`ree-watch: the database ${where} failed: ${storageFailure}\n`);
    return EXIT.failure;
  }
  const message = error instanceof Error ? error.message : String(error);
  context.stderr.write(`ree-watch: ${message}\n`);
  if (context.env.LOG_LEVEL === 'debug' || context.env.LOG_LEVEL === 'trace') {
    context.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
  }
  return EXIT.failure;
}

function isNodeArgError(error: unknown): boolean {
  const code = (error as { code?: string } | undefined)?.code ?? '';
  return code.startsWith('ERR_PARSE_ARGS');
}

/**
 * Loads `.env` from the working directory when present; real environment variables win. Returns the
 * one line to print (exit 2) when a `.env` is there but cannot be read.
 */
export function loadDotEnv(path = '.env'): string | undefined {
  if (!existsSync(path)) return undefined;
  if (statSync(path).isDirectory()) return `${path}: is a directory, not a file of KEY=value lines`;
  try {
    process.loadEnvFile(path);
    return undefined;
  } catch (error) {
    return `${path}: cannot be read (${error instanceof Error ? error.message : String(error)})`;
  }
}

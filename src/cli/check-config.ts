import { ConfigError, type ConfigProblem } from '../config.js';
import { loadWatchlists, WatchlistError } from '../watchlists/load.js';
import type { CliContext } from './context.js';
import { configure } from './context.js';
import { EXIT } from './errors.js';

/** `ree-watch check-config`: validates the environment and the watchlists, reporting every problem at once. */
export async function checkConfigCommand(context: CliContext): Promise<number> {
  let envProblems: ConfigProblem[] = [];
  let config: ReturnType<typeof configure>['config'] | undefined;
  try {
    config = configure(context, { logLevel: 'silent' }).config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    envProblems = error.problems;
  }
  const watchlistsFile = config?.watchlistsFile ?? context.env.WATCHLISTS_FILE ?? 'config/watchlists.yaml';
  let watchlistProblems: string[] = [];
  let watchlistCount = 0;
  try {
    watchlistCount = loadWatchlists(watchlistsFile).length;
  } catch (error) {
    if (!(error instanceof WatchlistError)) throw error;
    watchlistProblems = error.problems;
  }
  if (envProblems.length > 0 || watchlistProblems.length > 0) {
    for (const problem of envProblems) context.stderr.write(`${problem.key}: ${problem.message}\n`);
    for (const problem of watchlistProblems) context.stderr.write(`${problem}\n`);
    return EXIT.usage;
  }
  if (!config) return EXIT.usage;
  const platforms = [config.slack && 'Slack', config.discord && 'Discord'].filter(Boolean);
  context.stdout.write(
    `configuration OK: database ${config.databasePath}, ${watchlistCount} watchlists from ${watchlistsFile}, ` +
      `port ${config.port}, chat: ${platforms.length > 0 ? platforms.join(' and ') : 'console only'}\n`,
  );
  return EXIT.ok;
}

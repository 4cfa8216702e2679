import { type Config, ConfigError, type ConfigProblem } from '../config.js';
import type { Watchlist } from '../model/watchlist.js';
import { CENSUS_KEY_SIGNUP } from '../sources/census-key.js';
import { describeStore } from '../store/open-storage.js';
import { unknownKeyWarnings } from '../unknown-config-keys.js';
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
  let watchlists: Watchlist[] = [];
  try {
    watchlists = loadWatchlists(watchlistsFile);
  } catch (error) {
    if (!(error instanceof WatchlistError)) throw error;
    watchlistProblems = error.problems;
  }
  // A mistyped key often explains a problem ("SLACK_BOT_TOKEN: is required"), so it is told either way.
  const typos = unknownKeyWarnings(context.env).map((warning) => `warning: ${warning}\n`);
  if (envProblems.length > 0 || watchlistProblems.length > 0) {
    for (const problem of envProblems) context.stderr.write(`${problem.key}: ${problem.message}\n`);
    for (const problem of watchlistProblems) context.stderr.write(`${problem}\n`);
    for (const line of typos) context.stderr.write(line);
    return EXIT.usage;
  }
  if (!config) return EXIT.usage;
  const platforms = [config.slack && 'Slack', config.discord && 'Discord'].filter(Boolean);
  context.stdout.write(
    `configuration OK: database ${describeStore(config)}, ${watchlists.length} watchlists from ${watchlistsFile}, ` +
      `port ${config.port}, chat: ${platforms.length > 0 ? platforms.join(' and ') : 'console only'}\n`,
  );
  for (const line of typos) context.stderr.write(line);
  for (const warning of configWarnings(config, watchlists)) context.stderr.write(`warning: ${warning}\n`);
  return EXIT.ok;
}

/** What is valid but will not work as the user expects: said, without failing the check. */
export function configWarnings(config: Config, watchlists: readonly Watchlist[]): string[] {
  const warnings: string[] = [...config.deprecations];
  const census = watchlists.filter(
    (watchlist) => watchlist.kind === 'trade' && watchlist.source === 'census',
  );
  if (census.length > 0 && !config.sources.census.apiKey)
    warnings.push(
      `CENSUS_API_KEY: not set, but ${census.map((watchlist) => watchlist.id).join(', ')} poll the US Census, ` +
        `which answers no request without a key since 2026-05-12; get one free at ${CENSUS_KEY_SIGNUP}`,
    );
  return warnings;
}

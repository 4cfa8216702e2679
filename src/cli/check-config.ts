import type { CliContext } from './context.js';
import { configure } from './context.js';
import { EXIT } from './errors.js';

/** `ree-watch check-config`: validates the environment; problems are reported by the CLI's error path. */
export async function checkConfigCommand(context: CliContext): Promise<number> {
  const { config } = configure(context, { logLevel: 'silent' });
  const platforms = [config.slack && 'Slack', config.discord && 'Discord'].filter(Boolean);
  context.stdout.write(
    `configuration OK: database ${config.databasePath}, watchlists ${config.watchlistsFile}, port ${config.port}, ` +
      `chat: ${platforms.length > 0 ? platforms.join(' and ') : 'console only'}\n`,
  );
  return EXIT.ok;
}

import type { ChatAdapterProvider } from '../provider.js';
import { chartDirFor } from './save-image.js';

/** The terminal: used when no chat platform is configured, so a fresh machine needs nothing. */
export const consoleProvider: ChatAdapterProvider = {
  platform: 'console',
  configKeys: [],
  enabled: () => true,
  async create(deps) {
    const { ConsoleAdapter } = await import('./console-adapter.js');
    if (deps.interactive)
      deps.logger.info('no chat tokens set: using the console adapter; type "/ree help" and press Enter');
    return new ConsoleAdapter({
      // Interactive in the service (commands on stdin), output-only otherwise.
      input: deps.interactive ? deps.stdin : undefined,
      output: deps.stdout,
      channel: 'console',
      onCommand: deps.onCommand,
      prompt: deps.interactive && (deps.stdin as { isTTY?: boolean }).isTTY === true,
      imageDir: chartDirFor(deps.config.databasePath),
    });
  },
};

import { App } from '../app.js';
import { unknownKeyWarnings } from '../unknown-config-keys.js';
import { type CliContext, configure } from './context.js';
import { EXIT } from './errors.js';

/** `ree-watch start`: the service, until SIGINT/SIGTERM. */
export async function startCommand(context: CliContext): Promise<number> {
  const { config, logger } = configure(context);
  for (const warning of [...unknownKeyWarnings(context.env), ...config.deprecations]) logger.warn(warning);
  const app = await App.open({
    config,
    logger,
    clock: context.clock,
    stdin: context.stdin,
    stdout: context.stdout,
  });
  try {
    await app.start();
  } catch (error) {
    await app.stop();
    throw error;
  }
  const signal = await context.shutdownSignal;
  logger.info({ signal }, 'stop requested');
  await app.stop();
  return EXIT.ok;
}

import { App } from '../app.js';
import { unknownKeyWarnings } from '../unknown-config-keys.js';
import { type CliContext, configure } from './context.js';
import { EXIT } from './errors.js';

/** `ree-watch start`: the service, until SIGINT/SIGTERM. */
export async function startCommand(context: CliContext): Promise<number> {
  const configured = configure(context);
  const { config } = configured;
  // Every line of the service says which replica wrote it: several may share one database and log store.
  const logger = configured.logger.child({ replica: config.replicaId });
  for (const warning of unknownKeyWarnings(context.env)) logger.warn(warning);
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

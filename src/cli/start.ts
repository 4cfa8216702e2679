import { unknownKeyWarnings } from '../unknown-config-keys.js';
import { type CliContext, configure } from './context.js';
import { EXIT } from './errors.js';
import { openApp } from './open-app.js';

/** `ree-watch start`: the service, until SIGINT/SIGTERM. */
export async function startCommand(context: CliContext): Promise<number> {
  const configured = configure(context);
  const { config } = configured;
  // Every line of the service says which replica wrote it: several may share one database and log store.
  const logger = configured.logger.child({ replica: config.replicaId });
  for (const warning of [...unknownKeyWarnings(context.env), ...config.deprecations]) logger.warn(warning);
  const app = await openApp(context, config, logger);
  try {
    await app.start();
  } catch (error) {
    await app.stop();
    throw error;
  }
  // Runs until a stop signal, or until a chat platform refuses its token after start (exit 2, one line).
  const outcome = await Promise.race([
    context.shutdownSignal.then((signal) => ({ signal })),
    app.tokenRefused.promise.then((refused) => ({ refused })),
  ]);
  if ('refused' in outcome) {
    logger.error('a chat platform refused its token; stopping');
    await app.stop();
    throw outcome.refused;
  }
  logger.info({ signal: outcome.signal }, 'stop requested');
  await app.stop();
  return EXIT.ok;
}

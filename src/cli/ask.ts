import { parseArgs } from 'node:util';
import { chartDirFor, saveReplyImage } from '../../adapters/console/save-image.js';
import { App } from '../app.js';
import { replyToText } from '../render/text.js';
import { type CliContext, configure } from './context.js';
import { EXIT, UsageError } from './errors.js';

/** `ree-watch ask "<command text>" [--channel ID]`: one slash command through the console, then exit. */
export async function askCommand(context: CliContext): Promise<number> {
  const { values, positionals } = parseArgs({
    args: context.argv,
    options: { channel: { type: 'string', default: 'console' } },
    allowPositionals: true,
  });
  if (positionals.length === 0)
    throw new UsageError('ask needs the command text, e.g. ree-watch ask "/ree help"');
  const text = positionals
    .join(' ')
    .trim()
    .replace(/^\/ree\b/i, '')
    .trim();
  // Commands print their answer on stdout; only problems belong in the log.
  const { config, logger } = configure(context, { logLevel: 'warn' });
  const app = await App.open({ config, logger, clock: context.clock });
  try {
    const reply = await app.handleCommand({
      platform: 'console',
      channelId: values.channel ?? 'console',
      userId: 'console',
      userName: 'console',
      input: { text },
      canManageChannel: true,
    });
    const imagePath = saveReplyImage(reply, chartDirFor(config.databasePath));
    context.stdout.write(`${replyToText(reply, imagePath)}\n`);
    return reply.tone === 'error' ? EXIT.failure : EXIT.ok;
  } finally {
    await app.stop();
  }
}

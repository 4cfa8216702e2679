import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { slackManifest } from '../../adapters/slack/manifest.js';
import { createCommandRegistry } from '../commands/index.js';
import type { CliContext } from './context.js';
import { EXIT, UsageError } from './errors.js';

/**
 * `ree-watch slack manifest [--url URL] [--socket-mode]`: prints the Slack app manifest (YAML) to
 * paste into "Create New App → From a manifest". Needs no configuration.
 */
export async function slackCommand(context: CliContext): Promise<number> {
  const [subcommand, ...rest] = context.argv;
  if (subcommand !== 'manifest') {
    throw new UsageError('usage: ree-watch slack manifest [--url https://your-host] [--socket-mode]');
  }
  const { values } = parseArgs({
    args: rest,
    options: { url: { type: 'string' }, 'socket-mode': { type: 'boolean', default: false } },
  });
  if (values.url !== undefined && !/^https:\/\/[^\s/]+/.test(values.url)) {
    throw new UsageError(
      `--url must be the service's public https URL, e.g. https://ree.example.org (got "${values.url}")`,
    );
  }
  const manifest = slackManifest({
    ...(values.url ? { url: values.url } : {}),
    socketMode: values['socket-mode'] === true,
    subcommands: createCommandRegistry()
      .list()
      .map((command) => command.name),
  });
  context.stdout.write(stringify(manifest, { lineWidth: 0 }));
  return EXIT.ok;
}

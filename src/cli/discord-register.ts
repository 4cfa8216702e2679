import { parseArgs } from 'node:util';
import { createCommandRegistry } from '../commands/index.js';
import { ConfigError } from '../config.js';
import { type CliContext, configure } from './context.js';
import { EXIT, UsageError } from './errors.js';

const USAGE = 'usage: ree-watch discord register-commands [--guild ID]';

/**
 * `ree-watch discord register-commands [--guild ID]`: puts `/ree` (built from the command registry)
 * on Discord with one bulk overwrite, then prints what changed. With a guild (the flag, or
 * DISCORD_GUILD_ID) the change is instant in that server; without, the command is global.
 */
export async function discordCommand(context: CliContext): Promise<number> {
  const [subcommand, ...args] = context.argv;
  if (subcommand !== 'register-commands') throw new UsageError(USAGE);
  const { values } = parseArgs({ args, options: { guild: { type: 'string' } }, allowPositionals: false });
  const { config } = configure(context, { logLevel: 'warn' });
  if (!config.discord) {
    throw new ConfigError([
      { key: 'DISCORD_TOKEN', message: 'is required to register commands (Developer Portal → Bot → Token)' },
      {
        key: 'DISCORD_APPLICATION_ID',
        message: 'is required to register commands (Developer Portal → General Information)',
      },
    ]);
  }
  const guildId = values.guild ?? config.discord.guildId;
  if (guildId !== undefined && !/^\d{15,22}$/.test(guildId))
    throw new UsageError(`--guild "${guildId.slice(0, 40)}" is not a Discord server id (15 to 22 digits)`);

  // discord.js is heavy; only this command and the Discord adapter load it.
  const { createRest } = await import('../../adapters/discord/client.js');
  const { inviteUrl, registerCommands } = await import('../../adapters/discord/register-commands.js');
  const { explainRegistrationError } = await import('../../adapters/discord/register-errors.js');
  const rest = createRest(config.discord);
  const definitions = createCommandRegistry().list();
  let registration: Awaited<ReturnType<typeof registerCommands>>;
  try {
    registration = await registerCommands(rest, config.discord.applicationId, definitions, guildId);
  } catch (error) {
    throw explainRegistrationError(error, { guildId, applicationId: config.discord.applicationId });
  }

  const where =
    registration.scope === 'guild'
      ? `in server ${guildId} (guild commands change instantly)`
      : 'globally (every server the bot is in; Discord clients may need a moment to show changes)';
  const out: string[] = [`Registered ${registration.body.length} command ${where}.`];
  for (const change of registration.changes) {
    const { added, changed, removed } = change.subcommands;
    if (change.change === 'unchanged') out.push(`  = /${change.name} unchanged`);
    if (change.change === 'removed') out.push(`  - /${change.name} removed`);
    if (change.change === 'added')
      out.push(`  + /${change.name} added with subcommands: ${added.join(', ') || 'none'}`);
    if (change.change === 'changed') {
      out.push(`  ~ /${change.name} changed`);
      if (change.settings.length > 0) out.push(`      settings: ${change.settings.join(', ')}`);
      if (added.length > 0) out.push(`      + subcommands added: ${added.join(', ')}`);
      if (changed.length > 0) out.push(`      ~ subcommands changed: ${changed.join(', ')}`);
      if (removed.length > 0) out.push(`      - subcommands removed: ${removed.join(', ')}`);
    }
  }
  if (registration.changes.every((change) => change.change === 'unchanged'))
    out.push('No changes: Discord already had these commands.');
  out.push(`Invite link (if the bot is not in the server yet): ${inviteUrl(config.discord.applicationId)}`);
  context.stdout.write(`${out.join('\n')}\n`);
  return EXIT.ok;
}

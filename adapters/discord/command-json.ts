import {
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandSubcommandOption,
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { CommandDefinition, CommandOption } from '../../src/commands/command.js';
import { DISCORD_LIMITS } from '../../src/model/platform-limits.js';
import { truncateText } from '../../src/render/text-limits.js';

export const REE_COMMAND = 'ree';
const REE_DESCRIPTION = 'Rare-earth trade and export-licensing alerts';

/** Discord's rule for command and option names (lower case where the script has case). */
const NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/**
 * The `/ree` application command, generated from the shared registry so Discord offers exactly the
 * subcommands and options that Slack and the console accept. Typed options keep their declared
 * meaning (`argsFromOptions` maps them back); Discord only requires required options to come first.
 * Aliases have no Discord equivalent and are left out.
 */
export function buildReeCommand(
  definitions: readonly CommandDefinition[],
  scope: 'guild' | 'global',
): RESTPostAPIChatInputApplicationCommandsJSONBody {
  const problems = commandProblems(definitions);
  if (problems.length > 0) throw new Error(`cannot build the /ree command: ${problems.join('; ')}`);
  return {
    name: REE_COMMAND,
    description: REE_DESCRIPTION,
    type: ApplicationCommandType.ChatInput,
    // Everyone may query; channel-changing subcommands check Manage Channels when they run.
    default_member_permissions: null,
    // Guild commands only exist in their guild; a global one is limited to servers, not DMs.
    ...(scope === 'global'
      ? {
          contexts: [InteractionContextType.Guild],
          integration_types: [ApplicationIntegrationType.GuildInstall],
        }
      : {}),
    options: definitions.map(subcommand),
  };
}

function subcommand(definition: CommandDefinition): APIApplicationCommandSubcommandOption {
  const required = definition.options.filter((option) => option.required);
  const optional = definition.options.filter((option) => !option.required);
  const options = [...required, ...optional].map(option);
  return {
    type: ApplicationCommandOptionType.Subcommand,
    name: definition.name,
    description: describe(definition.summary),
    ...(options.length > 0 ? { options } : {}),
  };
}

function option(spec: CommandOption): APIApplicationCommandBasicOption {
  const common = {
    name: spec.name,
    description: describe(spec.description),
    ...(spec.required ? { required: true } : {}),
  };
  const choices = spec.choices ?? [];
  // More choices than Discord lists are offered through autocomplete instead.
  const listed = choices.length > 0 && choices.length <= DISCORD_LIMITS.autocompleteChoices;
  const autocomplete = !listed && (spec.autocomplete !== undefined || choices.length > 0);
  if (spec.type === 'boolean') return { ...common, type: ApplicationCommandOptionType.Boolean };
  if (spec.type === 'integer') {
    const type = ApplicationCommandOptionType.Integer;
    if (autocomplete) return { ...common, type, autocomplete: true };
    return listed
      ? { ...common, type, choices: choices.map((choice) => ({ name: choice, value: Number(choice) })) }
      : { ...common, type };
  }
  const type = ApplicationCommandOptionType.String;
  if (autocomplete) return { ...common, type, autocomplete: true };
  return listed
    ? { ...common, type, choices: choices.map((choice) => ({ name: choice, value: choice })) }
    : { ...common, type };
}

const describe = (text: string) => truncateText(text.trim() || '—', DISCORD_LIMITS.commandDescription);

/** What Discord would refuse about these definitions, in words a developer can act on. */
export function commandProblems(definitions: readonly CommandDefinition[]): string[] {
  const problems: string[] = [];
  if (definitions.length > DISCORD_LIMITS.optionsPerCommand)
    problems.push(`${definitions.length} subcommands (Discord allows ${DISCORD_LIMITS.optionsPerCommand})`);
  for (const definition of definitions) {
    if (!validName(definition.name))
      problems.push(`subcommand name "${definition.name}" is not a valid Discord name`);
    if (definition.options.length > DISCORD_LIMITS.optionsPerCommand)
      problems.push(`/ree ${definition.name} has more than ${DISCORD_LIMITS.optionsPerCommand} options`);
    const seen = new Set<string>();
    for (const spec of definition.options) {
      if (!validName(spec.name))
        problems.push(`option "${spec.name}" of /ree ${definition.name} is not a valid name`);
      if (seen.has(spec.name))
        problems.push(`option "${spec.name}" of /ree ${definition.name} is declared twice`);
      seen.add(spec.name);
      if (spec.type === 'integer' && spec.choices?.some((choice) => !Number.isInteger(Number(choice))))
        problems.push(`integer option "${spec.name}" of /ree ${definition.name} has a non-integer choice`);
    }
  }
  return problems;
}

const validName = (name: string) => NAME.test(name) && name === name.toLowerCase();

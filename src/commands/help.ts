import { resolveCountry } from '../countries/index.js';
import type { Platform } from '../model/chat.js';
import { errorReply, type Reply, type ReplySection, reply } from '../render/reply.js';
import { quoteInput } from '../text/echo.js';
import { suggest } from '../text/suggest.js';
import { type ChannelAdmins, whoMayChange } from './channel-access.js';
import type { CommandCatalog, CommandDefinition } from './command.js';
import { alias, type CommandUsage, optionName, synopsis, usage } from './usage.js';

const example = (typed: CommandUsage) => usage(typed.command, typed.args);

export const helpCommand: CommandDefinition = {
  name: 'help',
  summary: 'What each command does, with an example',
  usage: 'help [command]',
  examples: [{ command: 'help' }, { command: 'help', args: { command: 'subscribe' } }],
  options: [{ name: 'command', description: 'A command to explain', type: 'string', positional: true }],
  run(args, { registry, invocation, services }): Reply {
    const [name] = args.positional;
    if (name === undefined) return overview(registry);
    const definition = registry.get(name);
    if (definition) return explain(definition, invocation.platform, services.admins);
    const country = resolveCountry(args.positional.join(' '));
    if (country)
      return reply(usage('country', { country: country.name.toLowerCase() }), [
        `A country is not a command, but ${usage('country', { country: '<country>' })} shows its rare-earth trade, alerts and notices.`,
        `Try: ${usage('country', { country: country.name.toLowerCase() })}`,
      ]);
    const close = suggest(
      name,
      registry.list().flatMap((command) => [command.name, ...(command.aliases ?? [])]),
    ).map((found) => registry.get(found)?.name ?? found);
    return errorReply('No such command', [
      `There is no command called ${quoteInput(name)}.`,
      close.length > 0
        ? `Did you mean: ${[...new Set(close)].map((found) => usage('help', { command: found })).join(', ')}?`
        : `Type ${usage('help')} to list the commands.`,
    ]);
  },
};

function overview(registry: CommandCatalog): Reply {
  const sections: ReplySection[] = [
    {
      lines: [
        'ree-watch watches rare-earth trade figures and export-licensing notices and posts alerts to the channels that subscribe to a watchlist.',
      ],
    },
    {
      heading: 'Commands',
      lines: registry
        .list()
        .map(
          (command) =>
            `${synopsis(command.name)} — ${command.summary}. e.g. ${example(command.examples[0] ?? { command: command.name })}`,
        ),
    },
    {
      heading: 'More',
      lines: [
        `${usage('help', { command: '<command>' })} explains one command, e.g. ${usage('help', { command: 'mute' })}`,
      ],
    },
  ];
  return reply('ree-watch commands', [], { sections });
}

function explain(definition: CommandDefinition, platform: Platform, admins: ChannelAdmins): Reply {
  const sections: ReplySection[] = [{ lines: [`${definition.summary}.`] }];
  if (definition.options.length > 0)
    sections.push({
      heading: 'Arguments',
      lines: definition.options.map((option) => {
        const need = option.required ? '' : ' (optional)';
        return `${optionName(definition.name, option.name)}${need}: ${option.description}`;
      }),
    });
  sections.push({ heading: 'Examples', lines: definition.examples.map(example) });
  if (definition.aliases?.length)
    sections.push({ heading: 'Also works as', lines: definition.aliases.map(alias) });
  if (definition.changesChannel)
    sections.push({ heading: 'Who may use it', lines: [whoMayChange(platform, admins)] });
  return reply(synopsis(definition.name), [], { sections });
}

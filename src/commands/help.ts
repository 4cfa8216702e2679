import { errorReply, type Reply, reply } from '../render/reply.js';
import { suggest } from '../text/suggest.js';
import type { CommandDefinition } from './command.js';

export const helpCommand: CommandDefinition = {
  name: 'help',
  summary: 'What each command does, with an example',
  usage: 'help [command]',
  examples: ['/ree help', '/ree help subscribe'],
  options: [{ name: 'command', description: 'A command to explain', type: 'string' }],
  run(args, { registry }): Reply {
    const [name] = args.positional;
    if (name !== undefined) {
      const definition = registry.get(name);
      if (!definition) {
        const close = suggest(
          name,
          registry.list().map((command) => command.name),
        );
        return errorReply('No such command', [
          `There is no command called "${name.slice(0, 40)}".`,
          close.length > 0 ? `Did you mean: ${close.join(', ')}?` : 'Type /ree help to list the commands.',
        ]);
      }
      return reply(`/ree ${definition.usage}`, [definition.summary], {
        sections: [
          { lines: [definition.summary] },
          { heading: 'Examples', lines: [...definition.examples] },
          ...(definition.aliases?.length
            ? [{ heading: 'Also', lines: definition.aliases.map((alias) => `/ree ${alias}`) }]
            : []),
        ],
      });
    }
    const lines = registry.list().map((command) => `/ree ${command.usage} — ${command.summary}`);
    return reply('ree-watch commands', [], {
      sections: [
        {
          lines: [
            'ree-watch watches rare-earth trade data and export-licensing notices and alerts subscribed channels.',
          ],
        },
        { heading: 'Commands', lines },
        { heading: 'Example', lines: ['/ree help subscribe'] },
      ],
    });
  },
};

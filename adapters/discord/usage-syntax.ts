import type { UsageSyntax } from '../../src/commands/usage.js';
import { REE_COMMAND } from './command-json.js';

/**
 * Commands as a Discord user types them: the subcommand, then each option by its application-command
 * name (`/ree country country:india`, `/ree notices keyword:magnet days:90`), the names command-json.ts
 * registers. Discord has no aliases and no implied subcommand.
 */
export const DISCORD_SYNTAX: UsageSyntax = {
  example({ command, args = {} }, catalog) {
    const definition = catalog.get(command);
    const name = definition?.name ?? command;
    const specs = definition?.options ?? Object.keys(args).map((key) => ({ name: key, type: 'string' }));
    const options = specs
      .filter((option) => args[option.name] !== undefined)
      // Discord shows a boolean option's value as True or False.
      .map((option) =>
        option.type === 'boolean'
          ? `${option.name}:${args[option.name] === 'false' ? 'False' : 'True'}`
          : `${option.name}:${args[option.name]}`,
      );
    return [`/${REE_COMMAND}`, name, ...options].join(' ');
  },
  synopsis(definition) {
    const options = definition.options.map((option) =>
      option.required ? `${option.name}:<${option.name}>` : `[${option.name}]`,
    );
    return [`/${REE_COMMAND}`, definition.name, ...options].join(' ');
  },
  option: (option) => option.name,
  alias: () => '',
};

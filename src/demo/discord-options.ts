import { parseArgs, tokenize } from '../commands/args.js';
import type { CommandDefinition } from '../commands/command.js';

export interface TypedCommand {
  subcommand: string;
  options: Record<string, string | number | boolean>;
}

/**
 * What a Discord user would have picked for the words typed after `/ree`: the subcommand (the
 * country command when the first word is not a command, as `/ree india` is) and its typed options.
 * Positional words fill the positional options in order, the last taking the rest; `--flag value`
 * fills the option of that name. Flags the command does not have are returned in `ignored`.
 */
export function typedCommandFor(
  text: string,
  definition: (name: string) => CommandDefinition | undefined,
): { command: TypedCommand; ignored: string[] } | { unknown: string } {
  const tokens = tokenize(text);
  const named = tokens[0] === undefined ? definition('help') : definition(tokens[0]);
  const command = named ?? definition('country');
  if (!command) return { unknown: tokens[0] ?? '' };
  const args = parseArgs(named ? tokens.slice(1) : tokens);
  const options: Record<string, string | number | boolean> = {};
  const positional = command.options.filter((option) => option.positional !== false);
  positional.forEach((option, index) => {
    const words =
      index === positional.length - 1
        ? args.positional.slice(index)
        : args.positional.slice(index, index + 1);
    if (words.length > 0) options[option.name] = words.join(' ');
  });
  const ignored: string[] = [];
  for (const [name, value] of Object.entries(args.flags)) {
    const option = command.options.find(
      (candidate) => candidate.name === name && candidate.positional === false,
    );
    if (!option) ignored.push(`--${name}`);
    else if (option.type === 'boolean') options[name] = value !== 'false';
    else options[name] = option.type === 'integer' && /^-?\d+$/.test(value) ? Number(value) : value;
  }
  return { command: { subcommand: command.name, options }, ignored };
}

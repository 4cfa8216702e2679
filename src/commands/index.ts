import { helpCommand } from './help.js';
import { CommandRegistry } from './registry.js';

/** Every slash subcommand, in the order `/ree help` lists them. */
export function createCommandRegistry(): CommandRegistry {
  return new CommandRegistry().register(helpCommand);
}

import { randomUUID } from 'node:crypto';
import type { CommandInvocation } from '../model/chat.js';
import { fitReply } from '../render/limits.js';
import { errorReply, type Reply } from '../render/reply.js';
import { quoteInput } from '../text/echo.js';
import { suggest } from '../text/suggest.js';
import { type CommandArgs, parseArgs, tokenize } from './args.js';
import { refuseChannelChange } from './channel-access.js';
import type { CommandCatalog, CommandDefinition, CommandServices } from './command.js';
import { renderUsages, TEXT_SYNTAX, type UsageSyntax, usage } from './usage.js';

/** The one list of slash subcommands; Slack, Discord and the console all dispatch through it. */
export class CommandRegistry implements CommandCatalog {
  private readonly byName = new Map<string, CommandDefinition>();
  private readonly ordered: CommandDefinition[] = [];
  private fallbackDefinition: CommandDefinition | undefined;

  register(definition: CommandDefinition): this {
    for (const name of [definition.name, ...(definition.aliases ?? [])]) {
      const key = name.toLowerCase();
      if (this.byName.has(key)) throw new Error(`a command named "${name}" is already registered`);
      this.byName.set(key, definition);
    }
    this.ordered.push(definition);
    return this;
  }

  /** The command that handles input whose first word is not a command name (e.g. `/ree india`). */
  setFallback(name: string): this {
    const definition = this.byName.get(name.toLowerCase());
    if (!definition) throw new Error(`cannot fall back to unknown command "${name}"`);
    this.fallbackDefinition = definition;
    return this;
  }

  get fallback(): string | undefined {
    return this.fallbackDefinition?.name;
  }

  get(name: string): CommandDefinition | undefined {
    return this.byName.get(name.toLowerCase());
  }

  list(): readonly CommandDefinition[] {
    return this.ordered;
  }

  /** The registered name an invocation resolves to, or "unknown"; safe as a metric label. */
  nameOf(invocation: CommandInvocation): string {
    const resolved = this.resolve(invocation);
    return 'definition' in resolved ? resolved.definition.name : 'unknown';
  }

  /**
   * Parses, authorises and runs one invocation. Always resolves to a reply that fits every platform
   * (see REPLY_LIMITS), with the commands it names written in `syntax` (the asking platform's); never
   * throws.
   */
  async dispatch(
    invocation: CommandInvocation,
    services: CommandServices,
    syntax: UsageSyntax = TEXT_SYNTAX,
  ): Promise<Reply> {
    return fitReply(renderUsages(await this.answer(invocation, services), syntax, this));
  }

  private async answer(invocation: CommandInvocation, services: CommandServices): Promise<Reply> {
    const requestId = randomUUID().slice(0, 8);
    const logger = services.logger.child({
      requestId,
      platform: invocation.platform,
      channel: invocation.channelId,
      user: invocation.userId,
    });
    const resolved = this.resolve(invocation);
    if ('reply' in resolved) return resolved.reply;
    const { definition, args } = resolved;
    logger.info({ command: definition.name }, 'command received');
    if (definition.changesChannel) {
      const refusal = refuseChannelChange(invocation, services.admins);
      if (refusal) {
        logger.info({ command: definition.name }, 'command refused: user may not change this channel');
        await this.recordRefusal(definition, args, invocation, services, logger);
        return refusal;
      }
    }
    try {
      const answer = withIgnoredFlags(
        await definition.run(args, { invocation, services, registry: this, logger }),
        definition,
        args,
      );
      return definition.changesChannel && answer.tone !== 'error'
        ? { ...answer, visibility: 'in_channel' }
        : answer;
    } catch (error) {
      logger.error({ err: error, command: definition.name }, 'command failed');
      return errorReply('Something went wrong', [
        `ree-watch could not finish "${usage(definition.name)}". The problem has been logged (reference ${requestId}).`,
        'Try again in a minute; if it keeps happening, tell whoever runs ree-watch and quote the reference.',
      ]);
    }
  }

  private resolve(
    invocation: CommandInvocation,
  ): { definition: CommandDefinition; args: CommandArgs } | { reply: Reply } {
    const { input } = invocation;
    if ('command' in input) {
      const definition = this.get(input.command);
      if (!definition) return { reply: this.unknown(input.command) };
      return { definition, args: argsFromOptions(definition, input.options) };
    }
    const tokens = tokenize(input.text);
    const [first, ...rest] = tokens;
    const help = this.get('help');
    if (first === undefined) {
      if (!help) return { reply: this.unknown('') };
      return { definition: help, args: { positional: [], flags: {} } };
    }
    const definition = this.get(first);
    if (definition) return { definition, args: parseArgs(rest) };
    if (this.fallbackDefinition) return { definition: this.fallbackDefinition, args: parseArgs(tokens) };
    return { reply: this.unknown(first) };
  }

  private unknown(word: string): Reply {
    const names = this.ordered.map((definition) => definition.name);
    const close = suggest(word, names);
    return errorReply('Unknown command', [
      `${quoteInput(word)} is not a ree-watch command.`,
      close.length > 0
        ? `Did you mean: ${close.map((name) => usage(name)).join(', ')}?`
        : `Commands: ${names.join(', ')}.`,
      `Type ${usage('help')} for what each command does.`,
    ]);
  }

  /** A refused change is kept in the audit trail with who asked and what they asked for. */
  private async recordRefusal(
    definition: CommandDefinition,
    args: CommandArgs,
    invocation: CommandInvocation,
    services: CommandServices,
    logger: CommandServices['logger'],
  ): Promise<void> {
    try {
      await services.subscriptions.recordRefusal(
        { platform: invocation.platform, channel: invocation.channelId },
        definition.name,
        invocation.userId,
        args.positional.join(' ').slice(0, 200),
        services.clock.now(),
      );
    } catch (error) {
      logger.warn({ err: error }, 'could not record the refused command');
    }
  }
}

/** Flags the command does not take are named in the reply, so a typo is not silently ignored. */
function withIgnoredFlags(reply: Reply, definition: CommandDefinition, args: CommandArgs): Reply {
  const known = new Set(
    definition.options.filter((option) => option.positional === false).map((o) => o.name),
  );
  const ignored = Object.keys(args.flags).filter((name) => !known.has(name));
  if (ignored.length === 0) return reply;
  const names = ignored.slice(0, 5).map((name) => `--${name.slice(0, 30)}`);
  const takes = [...known].map((name) => `--${name}`);
  return {
    ...reply,
    sections: [
      ...reply.sections,
      {
        heading: 'Note',
        lines: [
          `Ignored ${names.join(', ')}: ${usage(definition.name)} ${
            takes.length > 0 ? `takes only ${takes.join(', ')}` : 'takes no --options'
          }.`,
        ],
      },
    ],
  };
}

/** Typed options (Discord) become the same arguments free text would have produced. */
function argsFromOptions(
  definition: CommandDefinition,
  options: Record<string, string | number | boolean | undefined>,
): CommandArgs {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (const option of definition.options) {
    const value = options[option.name];
    if (value === undefined || value === '') continue;
    if (option.positional === false) flags[option.name] = String(value);
    else positional.push(...tokenize(String(value)));
  }
  return { positional, flags };
}

import { type APIEmbed, ApplicationCommandOptionType } from 'discord.js';
import type { CommandDefinition } from '../../src/commands/command.js';
import type { Logger } from '../../src/logger.js';
import type { CommandInvocation } from '../../src/model/chat.js';
import type { Watchlist } from '../../src/model/watchlist.js';
import { errorReply, type Reply } from '../../src/render/reply.js';
import type { CommandHandler } from '../chat-adapter.js';
import { REE_COMMAND } from './command-json.js';
import { type RenderedReply, renderReply } from './render-reply.js';
import { DISCORD_SYNTAX } from './usage-syntax.js';

export interface InteractionContext {
  onCommand: CommandHandler;
  /** The registry's definitions, for autocomplete and for guessing a deferred reply's visibility. */
  definition(name: string): CommandDefinition | undefined;
  watchlists: readonly Watchlist[];
  logger: Logger;
  /**
   * How long a command may take before the reply is deferred. Discord drops an interaction not
   * answered within 3 s of being sent, and part of that is spent on the network both ways.
   */
  replyBudgetMs: number;
}

/** One option as Discord sends it: a subcommand carries its own options inside. */
export interface InteractionOption {
  readonly type: number;
  readonly name: string;
  readonly value?: unknown;
  /** The option being typed, in an autocomplete interaction. */
  readonly focused?: boolean;
  readonly options?: readonly InteractionOption[];
}

/** A slash command as it arrived, whether over the gateway or the HTTP endpoint. */
export interface CommandCall {
  commandName: string;
  options: readonly InteractionOption[];
  channelId: string | null;
  guildId: string | null;
  userId: string;
  userName: string;
  /** Resolved by Discord for this member in this channel, overwrites included. */
  canManageChannel: boolean;
  /** The member's roles in this server (DISCORD_ADMIN_ROLE_IDS); none in a DM. */
  roleIds: readonly string[];
}

/** One message of an answer, with the image its embed shows when it has one. */
export interface AnswerMessage {
  embeds: APIEmbed[];
  file?: { name: string; data: Buffer; description: string };
}

/** The ways to answer one interaction; the gateway and the HTTP endpoint each implement them. */
export interface InteractionReplier {
  /** The first answer, at once. */
  reply(message: AnswerMessage, ephemeral: boolean): Promise<void>;
  /** "ree-watch is thinking…": the answer follows by `edit`. */
  defer(ephemeral: boolean): Promise<void>;
  /** Replaces the deferred answer. */
  edit(message: AnswerMessage): Promise<void>;
  followUp(message: AnswerMessage, ephemeral: boolean): Promise<void>;
  /** Removes the deferred answer. */
  deleteReply(): Promise<void>;
}

type Options = Record<string, string | number | boolean | undefined>;

/**
 * Answers one slash command exactly once: at once when the command is quick, otherwise deferred and
 * edited in. Throws only when Discord refuses an answer; a failing command is an error reply.
 */
export async function answerCommand(
  call: CommandCall,
  context: InteractionContext,
  replier: InteractionReplier,
  logger: Logger,
): Promise<void> {
  if (call.commandName !== REE_COMMAND) {
    await send(replier, renderReply(staleCommand(call.commandName)), 'reply');
    return;
  }
  const { command, options } = readSubcommand(call.options);
  if (!call.channelId) {
    await send(replier, renderReply(noChannel()), 'reply');
    return;
  }
  const invocation: CommandInvocation = {
    platform: 'discord',
    channelId: call.channelId,
    userId: call.userId,
    userName: call.userName,
    teamId: call.guildId ?? undefined,
    input: { command, options },
    canManageChannel: call.canManageChannel,
    roleIds: call.roleIds,
  };
  const pending = context.onCommand(invocation, DISCORD_SYNTAX).catch((error: unknown) => {
    logger.error({ err: error, command }, 'Discord command failed');
    return errorReply('Something went wrong', ['ree-watch could not answer; the problem has been logged.']);
  });
  const quick = await settledWithin(pending, context.replyBudgetMs);
  if (quick !== undefined) {
    await send(replier, renderReply(quick), 'reply');
    return;
  }
  // Slow command: acknowledge now (the user sees "ree-watch is thinking…"), then edit in the answer.
  // Channel-changing commands confirm in the channel; everything else answers only the asker.
  const ephemeral = !context.definition(command)?.changesChannel;
  await replier.defer(ephemeral);
  logger.debug({ command }, 'deferred a slow Discord command');
  const rendered = renderReply(await pending);
  if (rendered.ephemeral === ephemeral) await send(replier, rendered, 'edit');
  else {
    // The deferred message cannot change visibility; replace it with a follow-up that has the right one.
    await replier.deleteReply();
    await send(replier, rendered, 'follow-up');
  }
}

/** Sends every message of a rendered reply: the first as the reply (or its edit), the rest as follow-ups. */
async function send(
  replier: InteractionReplier,
  rendered: RenderedReply,
  first: 'reply' | 'edit' | 'follow-up',
): Promise<void> {
  for (const [index, message] of rendered.messages.entries()) {
    const file = rendered.file?.messageIndex === index ? rendered.file : undefined;
    const answer: AnswerMessage = {
      embeds: message.embeds,
      ...(file ? { file: { name: file.name, data: file.data, description: file.description } } : {}),
    };
    const mode = index === 0 ? first : 'follow-up';
    if (mode === 'reply') await replier.reply(answer, rendered.ephemeral);
    else if (mode === 'edit') await replier.edit(answer);
    else await replier.followUp(answer, rendered.ephemeral);
  }
}

/** `/ree subscribe watchlist:china-india-magnets` → { command: 'subscribe', options: { watchlist: … } }. */
export function readSubcommand(data: readonly InteractionOption[]): { command: string; options: Options } {
  const sub = data.find((item) => item.type === ApplicationCommandOptionType.Subcommand);
  const options: Options = {};
  for (const item of sub?.options ?? []) {
    if (typeof item.value === 'string' || typeof item.value === 'number' || typeof item.value === 'boolean')
      options[item.name] = item.value;
  }
  return { command: sub?.name ?? 'help', options };
}

/** The command's reply if it arrives within `ms`, otherwise undefined (the command keeps running). */
async function settledWithin(pending: Promise<Reply>, ms: number): Promise<Reply | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([pending, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function staleCommand(name: string): Reply {
  return errorReply('Unknown command', [
    `ree-watch does not handle /${name.slice(0, 32)} any more.`,
    'Ask whoever runs ree-watch to run "ree-watch discord register-commands".',
  ]);
}

function noChannel(): Reply {
  return errorReply('Use /ree in a server channel', [
    'ree-watch answers in text channels of a server, where it can post alerts.',
  ]);
}

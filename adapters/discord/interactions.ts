import {
  ApplicationCommandOptionType,
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionReplyOptions,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord.js';
import type { CommandDefinition } from '../../src/commands/command.js';
import type { Logger } from '../../src/logger.js';
import type { CommandInvocation } from '../../src/model/chat.js';
import type { Watchlist } from '../../src/model/watchlist.js';
import { errorReply, type Reply } from '../../src/render/reply.js';
import type { CommandHandler } from '../chat-adapter.js';
import { completeOption } from './autocomplete.js';
import { REE_COMMAND } from './command-json.js';
import { describeError } from './errors.js';
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

type Options = Record<string, string | number | boolean | undefined>;

/** Answers one interaction. Never throws: a failure is logged, since nobody else would see it. */
export async function handleInteraction(
  interaction: Interaction,
  context: InteractionContext,
): Promise<void> {
  const logger = context.logger.child({
    interaction: interaction.id,
    guild: interaction.guildId,
    channel: interaction.channelId,
    user: interaction.user.id,
  });
  try {
    if (interaction.isAutocomplete()) await answerAutocomplete(interaction, context);
    else if (interaction.isChatInputCommand()) await answerCommand(interaction, context, logger);
  } catch (error) {
    const detail = describeError(error);
    // 10062: the interaction expired (not answered within 3 s) or was answered elsewhere.
    logger.warn({ error: detail }, 'could not answer the Discord interaction');
  }
}

async function answerCommand(
  interaction: ChatInputCommandInteraction,
  context: InteractionContext,
  logger: Logger,
): Promise<void> {
  if (interaction.commandName !== REE_COMMAND) {
    await send(interaction, renderReply(staleCommand(interaction.commandName)), 'reply');
    return;
  }
  const { command, options } = readSubcommand(interaction);
  if (!interaction.channelId) {
    await send(interaction, renderReply(noChannel()), 'reply');
    return;
  }
  const invocation: CommandInvocation = {
    platform: 'discord',
    channelId: interaction.channelId,
    userId: interaction.user.id,
    userName: interaction.user.username,
    teamId: interaction.guildId ?? undefined,
    input: { command, options },
    // Resolved by Discord for this member in this channel, overwrites included.
    canManageChannel: interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false,
    roleIds: memberRoles(interaction.member),
  };
  const pending = context.onCommand(invocation, DISCORD_SYNTAX).catch((error: unknown) => {
    logger.error({ err: error, command }, 'Discord command failed');
    return errorReply('Something went wrong', ['ree-watch could not answer; the problem has been logged.']);
  });
  const quick = await settledWithin(pending, context.replyBudgetMs);
  if (quick !== undefined) {
    await send(interaction, renderReply(quick), 'reply');
    return;
  }
  // Slow command: acknowledge now (the user sees "ree-watch is thinking…"), then edit in the answer.
  // Channel-changing commands confirm in the channel; everything else answers only the asker.
  const ephemeral = !context.definition(command)?.changesChannel;
  await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
  logger.debug({ command }, 'deferred a slow Discord command');
  const rendered = renderReply(await pending);
  if (rendered.ephemeral === ephemeral) await send(interaction, rendered, 'edit');
  else {
    // The deferred message cannot change visibility; replace it with a follow-up that has the right one.
    await interaction.deleteReply();
    await send(interaction, rendered, 'follow-up');
  }
}

/** Sends every message of a rendered reply: the first as the reply (or its edit), the rest as follow-ups. */
async function send(
  interaction: ChatInputCommandInteraction,
  rendered: RenderedReply,
  first: 'reply' | 'edit' | 'follow-up',
): Promise<void> {
  for (const [index, message] of rendered.messages.entries()) {
    const file = rendered.file?.messageIndex === index ? rendered.file : undefined;
    const body: InteractionReplyOptions = {
      embeds: message.embeds,
      allowedMentions: { parse: [] },
      ...(file ? { files: [{ attachment: file.data, name: file.name, description: file.description }] } : {}),
    };
    const flags = rendered.ephemeral ? { flags: MessageFlags.Ephemeral as const } : {};
    const mode = index === 0 ? first : 'follow-up';
    if (mode === 'reply') await interaction.reply({ ...body, ...flags });
    else if (mode === 'edit') await interaction.editReply({ embeds: body.embeds, files: body.files ?? [] });
    else await interaction.followUp({ ...body, ...flags });
  }
}

async function answerAutocomplete(
  interaction: AutocompleteInteraction,
  context: InteractionContext,
): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const subcommand = interaction.options.getSubcommand(false) ?? '';
  const option = context.definition(subcommand)?.options.find((spec) => spec.name === focused.name);
  const choices = option ? completeOption(option, String(focused.value ?? ''), context.watchlists) : [];
  await interaction.respond(
    option?.type === 'integer'
      ? choices
          .filter((choice) => Number.isInteger(Number(choice.value)))
          .map((c) => ({ ...c, value: Number(c.value) }))
      : choices,
  );
}

/** `/ree subscribe watchlist:china-india-magnets` → { command: 'subscribe', options: { watchlist: … } }. */
export function readSubcommand(interaction: ChatInputCommandInteraction): {
  command: string;
  options: Options;
} {
  const sub = interaction.options.data.find((item) => item.type === ApplicationCommandOptionType.Subcommand);
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

/** A member's role ids: a cached GuildMember keeps them in a collection, a raw API member in an array. */
function memberRoles(member: ChatInputCommandInteraction['member']): string[] {
  if (!member) return [];
  const { roles } = member;
  return Array.isArray(roles) ? [...roles] : [...roles.cache.keys()];
}

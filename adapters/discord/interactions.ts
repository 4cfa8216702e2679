import {
  type AutocompleteInteraction,
  type ChatInputCommandInteraction,
  type Interaction,
  type InteractionReplyOptions,
  MessageFlags,
  PermissionFlagsBits,
} from 'discord.js';
import { autocompleteChoices } from './autocomplete.js';
import {
  type AnswerMessage,
  answerCommand,
  type InteractionContext,
  type InteractionReplier,
} from './command-flow.js';
import { describeError } from './errors.js';

/** Answers one interaction that arrived over the gateway. Never throws: a failure is logged, since nobody else would see it. */
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
    else if (interaction.isChatInputCommand())
      await answerCommand(
        {
          commandName: interaction.commandName,
          options: interaction.options.data,
          channelId: interaction.channelId,
          guildId: interaction.guildId,
          userId: interaction.user.id,
          userName: interaction.user.username,
          canManageChannel: interaction.memberPermissions?.has(PermissionFlagsBits.ManageChannels) ?? false,
          roleIds: memberRoles(interaction.member),
        },
        context,
        gatewayReplier(interaction),
        logger,
      );
  } catch (error) {
    const detail = describeError(error);
    // 10062: the interaction expired (not answered within 3 s) or was answered elsewhere.
    logger.warn({ error: detail }, 'could not answer the Discord interaction');
  }
}

/** Answers through discord.js, which calls the interaction callback and webhook routes for us. */
function gatewayReplier(interaction: ChatInputCommandInteraction): InteractionReplier {
  const body = (message: AnswerMessage): InteractionReplyOptions => ({
    embeds: message.embeds,
    allowedMentions: { parse: [] },
    ...(message.file
      ? {
          files: [
            { attachment: message.file.data, name: message.file.name, description: message.file.description },
          ],
        }
      : {}),
  });
  const flags = (ephemeral: boolean) => (ephemeral ? { flags: MessageFlags.Ephemeral as const } : {});
  return {
    reply: async (message, ephemeral) => {
      await interaction.reply({ ...body(message), ...flags(ephemeral) });
    },
    defer: async (ephemeral) => {
      await interaction.deferReply(flags(ephemeral));
    },
    edit: async (message) => {
      const { embeds, files } = body(message);
      await interaction.editReply({ embeds, files: files ?? [] });
    },
    followUp: async (message, ephemeral) => {
      await interaction.followUp({ ...body(message), ...flags(ephemeral) });
    },
    deleteReply: async () => {
      await interaction.deleteReply();
    },
  };
}

async function answerAutocomplete(
  interaction: AutocompleteInteraction,
  context: InteractionContext,
): Promise<void> {
  const focused = interaction.options.getFocused(true);
  const subcommand = interaction.options.getSubcommand(false) ?? '';
  await interaction.respond(autocompleteChoices(subcommand, focused, context));
}

/** A member's role ids: a cached GuildMember keeps them in a collection, a raw API member in an array. */
function memberRoles(member: ChatInputCommandInteraction['member']): string[] {
  if (!member) return [];
  const { roles } = member;
  return Array.isArray(roles) ? [...roles] : [...roles.cache.keys()];
}

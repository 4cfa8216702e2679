import type { CommandInvocation, Platform } from '../model/chat.js';
import { errorReply, type Reply } from '../render/reply.js';

/**
 * Who may change what a channel receives, per platform (SLACK_ADMIN_USER_IDS, DISCORD_ADMIN_ROLE_IDS).
 * A command only ever changes the channel it is typed in.
 */
export interface ChannelAdmins {
  /** When non-empty, only these Slack users may change subscriptions and mutes, in any channel. */
  slackUserIds: readonly string[];
  /** Members holding one of these roles may change a channel, as well as those with Manage Channels. */
  discordRoleIds: readonly string[];
}

export const NO_ADMINS: ChannelAdmins = { slackUserIds: [], discordRoleIds: [] };

/** A polite refusal when this user may not change the channel the command was typed in. */
export function refuseChannelChange(invocation: CommandInvocation, admins: ChannelAdmins): Reply | undefined {
  if (invocation.platform === 'slack') {
    if (admins.slackUserIds.length === 0 || admins.slackUserIds.includes(invocation.userId)) return undefined;
    return errorReply('Not allowed', [
      'Only the people listed as ree-watch admins for Slack can change what this channel receives.',
      'Ask one of them, or whoever runs ree-watch, to make the change.',
    ]);
  }
  if (invocation.canManageChannel) return undefined;
  if (invocation.roleIds?.some((role) => admins.discordRoleIds.includes(role))) return undefined;
  return errorReply('Not allowed', [
    admins.discordRoleIds.length > 0 && invocation.platform === 'discord'
      ? 'Changing what this channel receives needs the Manage Channels permission or a ree-watch admin role.'
      : 'Changing what this channel receives needs the Manage Channels permission.',
    'Ask a moderator of this channel to run the command.',
  ]);
}

/** The rule above in words, for `/ree help <command>` on the platform that asks. */
export function whoMayChange(platform: Platform, admins: ChannelAdmins): string {
  const change =
    'It changes what this channel (and only this one) receives; everyone here sees the confirmation.';
  if (platform === 'slack')
    return admins.slackUserIds.length > 0
      ? `${change} Only the ree-watch admins for Slack may use it.`
      : `${change} Any member of the channel may use it.`;
  if (platform === 'discord')
    return admins.discordRoleIds.length > 0
      ? `${change} It needs the Manage Channels permission here, or a ree-watch admin role.`
      : `${change} It needs the Manage Channels permission here.`;
  return change;
}

import type { SlackCommandMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import type { Logger } from '../../src/logger.js';
import type { CommandInvocation } from '../../src/model/chat.js';
import { errorReply, type Reply } from '../../src/render/reply.js';
import type { CommandHandler } from '../chat-adapter.js';
import { type ChartUpload, chartUploadOfImage } from './chart-upload.js';
import { renderReply } from './render-reply.js';

export const SLASH_COMMAND = '/ree';

/** The fields ree-watch reads from a slash command (HTTP form or Socket Mode payload). */
const SlashCommandBody = z.object({
  command: z.string(),
  text: z.string().default(''),
  team_id: z.string().min(1),
  channel_id: z.string().min(1),
  user_id: z.string().min(1),
  user_name: z.string().optional(),
  response_url: z.url({ protocol: /^https?$/ }),
});

export interface SlashCommandOptions {
  onCommand: CommandHandler;
  /** When non-empty, commands from other workspaces are refused. */
  allowedTeamIds: readonly string[];
  logger: Logger;
  /** Shares a reply's chart in the channel (Slack's external upload flow); absent, charts are only named. */
  postChart?: (channel: string, upload: ChartUpload) => Promise<{ ok: true } | { ok: false; reason: string }>;
}

/**
 * The `/ree` listener: acknowledges first (Slack allows 3 seconds), then runs the text through the
 * shared command registry unchanged and posts the rendered reply to response_url.
 */
export function slashCommandListener(options: SlashCommandOptions) {
  return async ({ body, ack, respond }: SlackCommandMiddlewareArgs): Promise<void> => {
    const parsed = SlashCommandBody.safeParse(body);
    if (!parsed.success) {
      options.logger.warn({ issues: parsed.error.issues.length }, 'ignored a malformed slash command');
      await ack({ response_type: 'ephemeral', text: 'ree-watch could not read this command.' });
      return;
    }
    const command = parsed.data;
    const logger = options.logger.child({
      team: command.team_id,
      channel: command.channel_id,
      user: command.user_id,
    });
    if (command.command !== SLASH_COMMAND) {
      logger.warn({ command: command.command }, 'slash command with an unexpected name');
      await ack({
        response_type: 'ephemeral',
        text: `ree-watch answers ${SLASH_COMMAND}; ${command.command} is not one of its commands. Recreate the Slack app from \`ree-watch slack manifest\`.`,
      });
      return;
    }
    if (options.allowedTeamIds.length > 0 && !options.allowedTeamIds.includes(command.team_id)) {
      logger.warn('refused a slash command from a workspace not in SLACK_ALLOWED_TEAM_IDS');
      await ack({ response_type: 'ephemeral', text: 'ree-watch is not enabled for this Slack workspace.' });
      return;
    }
    await ack();

    const invocation: CommandInvocation = {
      platform: 'slack',
      channelId: command.channel_id,
      userId: command.user_id,
      ...(command.user_name ? { userName: command.user_name } : {}),
      teamId: command.team_id,
      input: { text: command.text },
      // Slack has no per-channel "manage" permission to check; SLACK_ADMIN_USER_IDS is the control.
      canManageChannel: true,
    };
    let reply: Reply;
    try {
      reply = await options.onCommand(invocation);
    } catch (error) {
      logger.error({ err: error }, 'slash command failed');
      reply = errorReply('Something went wrong', [
        'ree-watch could not answer this command. Try again in a minute.',
      ]);
    }
    if (reply.image && options.postChart) {
      const asker = command.user_name ?? command.user_id;
      const outcome = await options.postChart(
        command.channel_id,
        chartUploadOfImage(reply.image, `${reply.title} (asked for by ${asker} with /ree)`),
      );
      if (!outcome.ok) logger.warn({ reason: outcome.reason }, 'could not attach the chart to the reply');
      reply = withChartOutcome(reply, outcome);
    }
    for (const message of renderReply(reply)) {
      try {
        await respond(message);
      } catch (error) {
        // response_url expires after 30 minutes or 5 uses; nothing else can reach an ephemeral reply.
        logger.warn({ err: error }, 'could not post the reply to response_url');
        return;
      }
    }
    logger.debug({ visibility: reply.visibility }, 'slash command answered');
  };
}

/** The reply without its image, saying where the chart went, or why it could not be attached. */
function withChartOutcome(reply: Reply, outcome: { ok: true } | { ok: false; reason: string }): Reply {
  const { image, ...rest } = reply;
  const line = outcome.ok
    ? `Chart posted in this channel, for everyone here to see: ${image?.alt ?? 'the chart'}.`
    : `The chart could not be attached: ${outcome.reason}.`;
  return { ...rest, sections: [...rest.sections, { lines: [line] }] };
}

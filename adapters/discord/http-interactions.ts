import type { KeyObject } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  InteractionResponseType,
  InteractionType,
  MessageFlags,
  PermissionFlagsBits,
  type REST,
  Routes,
} from 'discord.js';
import { z } from 'zod';
import type { Clock } from '../../src/clock.js';
import { readWebhookBody } from '../../src/http/read-body.js';
import { autocompleteChoices } from './autocomplete.js';
import {
  type AnswerMessage,
  answerCommand,
  type InteractionContext,
  type InteractionOption,
  type InteractionReplier,
} from './command-flow.js';
import { describeError } from './errors.js';
import { discordPublicKey, verifyDiscordSignature } from './interaction-signature.js';
import { NO_MENTIONS } from './message.js';

/** Where Discord POSTs interactions when the app's Interactions Endpoint URL points at ree-watch. */
export const DISCORD_INTERACTIONS_PATH = '/discord/interactions';

export interface HttpInteractionsOptions extends InteractionContext {
  /** DISCORD_PUBLIC_KEY: 64 hex characters from the Developer Portal's General Information. */
  publicKey: string;
  clock: Clock;
  /** Edits and follow-ups go to the interaction's webhook on the configured Discord API. */
  rest: REST;
  /** Each answer's work, so the adapter's stop() can let it finish. */
  track(work: Promise<void>): void;
}

const optionSchema: z.ZodType<InteractionOption> = z.lazy(() =>
  z.object({
    type: z.number().int(),
    name: z.string(),
    value: z.unknown().optional(),
    focused: z.boolean().optional(),
    options: z.array(optionSchema).optional(),
  }),
);
const userSchema = z.object({ id: z.string(), username: z.string() });
/** The fields of an interaction ree-watch reads; Discord sends many more. */
const interactionSchema = z.object({
  id: z.string(),
  application_id: z.string(),
  type: z.number().int(),
  token: z.string(),
  channel_id: z.string().optional(),
  channel: z.object({ id: z.string() }).optional(),
  guild_id: z.string().optional(),
  member: z
    .object({
      user: userSchema,
      permissions: z.string().regex(/^\d+$/),
      roles: z.array(z.string()).optional(),
    })
    .optional(),
  user: userSchema.optional(),
  data: z.object({ name: z.string(), options: z.array(optionSchema).optional() }).optional(),
});
type RawInteraction = z.infer<typeof interactionSchema>;

/**
 * Discord's HTTP interactions endpoint, mounted as `POST /discord/interactions` on the service's own
 * HTTP server: whichever replica the load balancer picks answers, once. The Ed25519 signature is
 * checked with the injected clock before anything is parsed; a forged or stale request gets 401.
 * PING gets PONG; a command is answered in the HTTP response when quick, else deferred there and
 * edited in through the interaction's webhook.
 */
export class HttpInteractions {
  private readonly key: KeyObject;

  constructor(private readonly options: HttpInteractionsOptions) {
    this.key = discordPublicKey(options.publicKey);
  }

  readonly handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { logger, clock } = this.options;
    const rawBody = await readWebhookBody(req, res);
    if (rawBody === undefined) return;
    const verdict = verifyDiscordSignature(
      {
        rawBody,
        timestamp: req.headers['x-signature-timestamp'],
        signature: req.headers['x-signature-ed25519'],
      },
      this.key,
      clock.now(),
    );
    if (!verdict.ok) {
      logger.warn(
        { reason: verdict.reason, remote: req.socket.remoteAddress },
        `refused a request to ${DISCORD_INTERACTIONS_PATH}: not signed by Discord`,
      );
      res.writeHead(401, { 'content-type': 'text/plain' }).end('invalid request signature');
      return;
    }
    const parsed = interactionSchema.safeParse(parseJson(rawBody));
    if (!parsed.success) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('not an interaction');
      return;
    }
    const interaction = parsed.data;
    if (interaction.type === InteractionType.Ping) {
      respond(res, { type: InteractionResponseType.Pong });
      return;
    }
    const work = this.answer(interaction, res);
    this.options.track(work);
    await work;
  };

  private async answer(interaction: RawInteraction, res: ServerResponse): Promise<void> {
    const user = interaction.member?.user ?? interaction.user;
    const channelId = interaction.channel_id ?? interaction.channel?.id ?? null;
    const logger = this.options.logger.child({
      interaction: interaction.id,
      guild: interaction.guild_id,
      channel: channelId,
      user: user?.id,
    });
    try {
      if (interaction.type === InteractionType.ApplicationCommandAutocomplete) {
        const sub = interaction.data?.options?.find((option) => option.type === 1);
        const focused = sub?.options?.find((option) => option.focused);
        const choices = focused
          ? autocompleteChoices(sub?.name ?? '', { name: focused.name, value: focused.value }, this.options)
          : [];
        respond(res, {
          type: InteractionResponseType.ApplicationCommandAutocompleteResult,
          data: { choices },
        });
        return;
      }
      if (interaction.type !== InteractionType.ApplicationCommand || !interaction.data || !user) {
        res.writeHead(400, { 'content-type': 'text/plain' }).end('unsupported interaction type');
        return;
      }
      const permissions = BigInt(interaction.member?.permissions ?? '0');
      await answerCommand(
        {
          commandName: interaction.data.name,
          options: interaction.data.options ?? [],
          channelId,
          guildId: interaction.guild_id ?? null,
          userId: user.id,
          userName: user.username,
          canManageChannel: (permissions & PermissionFlagsBits.ManageChannels) !== 0n,
          roleIds: interaction.member?.roles ?? [],
        },
        this.options,
        httpReplier(res, interaction, this.options.rest),
        logger,
      );
    } catch (error) {
      logger.warn({ error: describeError(error) }, 'could not answer the Discord interaction');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
    }
  }
}

/**
 * The first answer is the HTTP response itself; everything after it (the edit of a deferred answer,
 * follow-ups) goes to the interaction's webhook, which needs the interaction token, not the bot's.
 * An answer carrying a file is deferred and edited in, since the HTTP response carries only JSON.
 */
function httpReplier(res: ServerResponse, interaction: RawInteraction, rest: REST): InteractionReplier {
  const original = Routes.webhookMessage(interaction.application_id, interaction.token);
  const flags = (ephemeral: boolean) => (ephemeral ? MessageFlags.Ephemeral : 0);
  const defer = (ephemeral: boolean) =>
    respond(res, {
      type: InteractionResponseType.DeferredChannelMessageWithSource,
      data: { flags: flags(ephemeral) },
    });
  const edit = async (message: AnswerMessage) => {
    await rest.patch(original, { auth: false, ...webhookBody(message) });
  };
  return {
    reply: async (message, ephemeral) => {
      if (message.file) {
        defer(ephemeral);
        await edit(message);
        return;
      }
      respond(res, {
        type: InteractionResponseType.ChannelMessageWithSource,
        data: {
          embeds: message.embeds,
          allowed_mentions: NO_MENTIONS,
          ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}),
        },
      });
    },
    defer: async (ephemeral) => defer(ephemeral),
    edit,
    followUp: async (message, ephemeral) => {
      const { body, files } = webhookBody(message);
      await rest.post(Routes.webhook(interaction.application_id, interaction.token), {
        auth: false,
        files,
        body: { ...body, ...(ephemeral ? { flags: MessageFlags.Ephemeral } : {}) },
      });
    },
    deleteReply: async () => {
      await rest.delete(original, { auth: false });
    },
  };
}

function webhookBody(message: AnswerMessage): {
  body: Record<string, unknown>;
  files?: { name: string; data: Buffer; contentType: string }[];
} {
  const { file } = message;
  return {
    body: {
      embeds: message.embeds,
      allowed_mentions: NO_MENTIONS,
      ...(file ? { attachments: [{ id: 0, filename: file.name, description: file.description }] } : {}),
    },
    ...(file ? { files: [{ name: file.name, data: file.data, contentType: 'image/png' }] } : {}),
  };
}

function respond(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function parseJson(raw: Buffer): unknown {
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    return undefined;
  }
}

import { createHash } from 'node:crypto';
import { type Client, DiscordjsErrorCodes, Events, type REST, Routes } from 'discord.js';
import type { CommandDefinition } from '../../src/commands/command.js';
import { ConfigError, type DiscordConfig } from '../../src/config.js';
import type { Logger } from '../../src/logger.js';
import type { Metrics } from '../../src/metrics.js';
import type { ChatConnection, OutgoingPayload, SendOptions, SendResult } from '../../src/model/chat.js';
import type { Watchlist } from '../../src/model/watchlist.js';
import type { AlertDigest } from '../../src/render/alert-digest.js';
import type { ChatAdapter, CommandHandler } from '../chat-adapter.js';
import { ConnectionTracker, cancellableWait, type OnTokenRefused } from '../connection.js';
import { createClient, createRest, watchGateway } from './client.js';
import { chartResultFromError, describeError, sendResultFromError } from './errors.js';
import { handleInteraction } from './interactions.js';
import { chartMessage, withoutChartFile } from './render-chart.js';
import { renderDigest } from './render-digest.js';

export interface DiscordAdapterOptions {
  config: DiscordConfig;
  logger: Logger;
  metrics: Metrics;
  onCommand: CommandHandler;
  /** Looks up a registry definition by subcommand name. */
  definition: (name: string) => CommandDefinition | undefined;
  watchlists: readonly Watchlist[];
  /** Answer directly when a command is faster than this; otherwise defer, then edit. Default 2 s. */
  replyBudgetMs?: number;
  /** How long start() waits for the gateway's first answer before carrying on in the background. */
  connectTimeoutMs?: number;
  /** A token refused after start (Discord answered only later): the service stops with exit 2. */
  onTokenRefused?: OnTokenRefused;
  /**
   * False for one-shot processes (`ree-watch poll`) that only deliver: sending needs no gateway, and
   * Discord allows only 1,000 gateway sessions a day. Default true.
   */
  connectGateway?: boolean;
  /** How long one alert delivery may take in all, queueing included (default 15 s); tests shorten it. */
  sendTimeoutMs?: number;
}

/**
 * Every delivery is aborted after this, queueing and body included: well inside the outbox's 60 s lease,
 * so a slow send is never claimed and sent again by another process. Each request also times out
 * after REQUEST_TIMEOUT_MS.
 */
export const SEND_TIMEOUT_MS = 15_000;

const SNOWFLAKE = /^\d{15,22}$/;
const MAX_RETRY_DELAY_MS = 5 * 60_000;

/**
 * Discord through discord.js: a gateway bot that answers `/ree` interactions, and REST calls that
 * post alert embeds to channels. Alerts do not depend on the gateway: they are plain REST posts.
 */
export class DiscordAdapter implements ChatAdapter {
  readonly platform = 'discord' as const;
  readonly postsImages = true;
  private readonly client: Client;
  /** Channel messages go through their own REST client, so deliveries work while the gateway reconnects. */
  private readonly rest: REST;
  private readonly logger: Logger;
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;
  private cancelWait: (() => void) | undefined;
  private tokenRejected = false;
  private readonly tracker = new ConnectionTracker('discord');

  constructor(private readonly options: DiscordAdapterOptions) {
    this.logger = options.logger.child({ platform: 'discord' });
    this.client = createClient(options.config, this.logger);
    this.rest = createRest(options.config, this.logger);
    watchGateway(this.client, this.logger, options.metrics, () => this.stopped);
    const context = {
      onCommand: options.onCommand,
      definition: options.definition,
      watchlists: options.watchlists,
      logger: this.logger,
      replyBudgetMs: options.replyBudgetMs ?? 2_000,
    };
    this.client.on(Events.InteractionCreate, (interaction) => {
      const work = handleInteraction(interaction, context).finally(() => this.inFlight.delete(work));
      this.inFlight.add(work);
    });
  }

  /**
   * Connects to the gateway, waiting for Discord's first answer (at most `connectTimeoutMs`): a
   * rejected token fails the start (exit 2); Discord out of reach is retried in the background with
   * backoff while the service runs, as Slack's adapter does.
   */
  async start(): Promise<void> {
    this.stopped = false;
    if (this.options.connectGateway === false) return;
    let firstFailure: () => void = () => {};
    const unreachable = new Promise<'unreachable'>((resolve) => {
      firstFailure = () => resolve('unreachable');
    });
    const connecting = this.connect(firstFailure);
    const slow = cancellableWait(this.options.connectTimeoutMs ?? 10_000);
    try {
      const outcome = await Promise.race([
        connecting.then(() => 'connected' as const),
        unreachable,
        slow.done.then(() => 'slow' as const),
      ]);
      if (outcome !== 'connected') {
        if (outcome === 'slow') this.tracker.set('connecting', 'no answer from the Discord gateway yet');
        this.logger.warn('the Discord gateway is not connected yet; still trying in the background');
        connecting.catch((error: unknown) => {
          if (error instanceof ConfigError) this.options.onTokenRefused?.(error);
          else this.logger.error({ error: describeError(error) }, String(error));
        });
      }
    } finally {
      slow.cancel();
    }
  }

  connection(): ChatConnection {
    return this.tracker.get();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelWait?.();
    // Let answers being written finish, but never hold shutdown for long.
    await Promise.race([Promise.allSettled([...this.inFlight]), sleep(2_000)]);
    await this.client.destroy();
    this.options.metrics.gatewayConnected.set(0);
    if (this.options.connectGateway !== false) this.logger.info('Discord gateway closed');
  }

  /** The digest's embeds, then each chart as a message of its own with the PNG attached. */
  renderDigest(digest: AlertDigest): OutgoingPayload[] {
    return [...renderDigest(digest), ...(digest.charts ?? []).map(chartMessage)];
  }

  /** One POST to the channel; the outcome tells the outbox whether and when to try again. */
  async send(channel: string, payload: OutgoingPayload, options?: SendOptions): Promise<SendResult> {
    if (!SNOWFLAKE.test(channel))
      return { ok: false, kind: 'permanent', error: `"${channel.slice(0, 40)}" is not a Discord channel id` };
    const { body, file } = withoutChartFile(payload);
    try {
      const message = (await this.rest.post(Routes.channelMessages(channel), {
        ...(file ? { files: [file] } : {}),
        signal: AbortSignal.timeout(this.options.sendTimeoutMs ?? SEND_TIMEOUT_MS),
        body: {
          ...body,
          // Whatever the stored payload says, an alert never pings anyone.
          allowed_mentions: { parse: [] },
          // A retry of a send that did reach Discord (e.g. timed out on the way back) returns the
          // message already posted instead of posting it twice.
          ...(options?.idempotencyKey
            ? { nonce: nonceFor(options.idempotencyKey), enforce_nonce: true }
            : {}),
        },
      })) as { id?: unknown };
      return { ok: true, externalId: typeof message.id === 'string' ? message.id : undefined };
    } catch (error) {
      const result = file ? chartResultFromError(error) : sendResultFromError(error);
      if (!this.tokenRejected && (error as { status?: unknown }).status === 401) {
        this.tokenRejected = true;
        this.logger.error(
          'Discord rejected DISCORD_TOKEN (401); alerts cannot be delivered until it is fixed',
        );
      }
      this.logger.debug({ channel, outcome: result, error: describeError(error) }, 'Discord delivery failed');
      return result;
    }
  }

  private async connect(onFirstFailure: () => void): Promise<void> {
    let delay = 1_000;
    while (!this.stopped) {
      try {
        await this.client.login(this.options.config.token);
        this.tracker.set('connected');
        return;
      } catch (error) {
        if (isTokenRejected(error)) {
          this.tracker.set('refused', 'Discord rejected DISCORD_TOKEN (401 Unauthorized)');
          throw new ConfigError([
            {
              key: 'DISCORD_TOKEN',
              message:
                'was rejected by Discord (401 Unauthorized); copy a fresh token from the Developer Portal (Bot → Reset Token)',
            },
          ]);
        }
        if (this.stopped) return;
        this.tracker.set(
          'unreachable',
          `could not reach Discord: ${error instanceof Error ? error.message : String(error)}`,
        );
        onFirstFailure();
        this.logger.warn(
          { error: describeError(error), retryInMs: delay },
          'could not connect to the Discord gateway; retrying',
        );
        await this.wait(delay);
        delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
      }
    }
  }

  private wait(ms: number): Promise<void> {
    const wait = cancellableWait(ms);
    this.cancelWait = wait.cancel;
    return wait.done;
  }
}

/** Discord nonces are at most 25 characters; the outbox key is longer, so it is hashed. */
export function nonceFor(idempotencyKey: string): string {
  return createHash('sha256').update(idempotencyKey).digest('base64url').slice(0, 25);
}

function isTokenRejected(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === DiscordjsErrorCodes.TokenInvalid;
}

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

import { createHash } from 'node:crypto';
import { type Client, DiscordjsErrorCodes, Events, type REST, Routes } from 'discord.js';
import { type Clock, systemClock } from '../../src/clock.js';
import type { CommandDefinition } from '../../src/commands/command.js';
import { ConfigError, type DiscordConfig } from '../../src/config.js';
import type { HttpServer } from '../../src/http/server.js';
import type { Logger } from '../../src/logger.js';
import type { Metrics } from '../../src/metrics.js';
import type { ChatConnection, OutgoingPayload, SendOptions, SendResult } from '../../src/model/chat.js';
import type { Watchlist } from '../../src/model/watchlist.js';
import type { AlertDigest } from '../../src/render/alert-digest.js';
import { GATEWAY_LOCK } from '../../src/replica.js';
import { settleOnce } from '../../src/settle-once.js';
import type { ChatAdapter, CommandHandler } from '../chat-adapter.js';
import { ConnectionTracker, cancellableWait, type OnTokenRefused } from '../connection.js';
import { createClient, createRest, watchGateway } from './client.js';
import { chartResultFromError, describeError, sendResultFromError } from './errors.js';
import { DISCORD_INTERACTIONS_PATH, HttpInteractions } from './http-interactions.js';
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
  /**
   * The service's HTTP server: with DISCORD_PUBLIC_KEY set, interactions are answered on
   * `POST /discord/interactions` there and no gateway is opened. Absent in one-shot runs.
   */
  http?: HttpServer;
  /** Checks the age of signed interactions; the system clock by default. */
  clock?: Clock;
  /**
   * Runs `fn` while holding the `discord-gateway` lock across the replicas sharing the database
   * (Storage.withLock): only the holder opens a gateway session, and when it dies another takes the
   * lock and connects. Without it, the adapter connects at once.
   */
  gatewayLock?: (fn: () => Promise<void>) => Promise<void>;
  /** Where the held gateway lock is shown (/healthz). */
  heldLocks?: { hold(name: string): () => void };
}

/**
 * Every delivery is aborted after this, queueing and body included: well inside the outbox's 60 s lease,
 * so a slow send is never claimed and sent again by another process. Each request also times out
 * after REQUEST_TIMEOUT_MS.
 */
export const SEND_TIMEOUT_MS = 15_000;

const SNOWFLAKE = /^\d{15,22}$/;
const MAX_RETRY_DELAY_MS = 5 * 60_000;
/** How long start() waits for the gateway lock before leaving it to the background (another replica has it). */
const LOCK_WAIT_MS = 2_000;

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
  /** Resolves when stop() is called: the gateway lock is held until then. */
  private stoppedSignal = settleOnce<void>();
  private leadership: Promise<void> | undefined;
  private startAwaitsConnection = false;
  private readonly tracker = new ConnectionTracker('discord');
  /** Discord's HTTP interactions endpoint, mounted when DISCORD_PUBLIC_KEY is set and a server is given. */
  private readonly endpoint: HttpInteractions | undefined;

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
    this.client.on(Events.InteractionCreate, (interaction) =>
      this.track(handleInteraction(interaction, context)),
    );
    const publicKey = options.config.publicKey;
    if (publicKey && options.http) {
      this.endpoint = new HttpInteractions({
        ...context,
        publicKey,
        clock: options.clock ?? systemClock,
        rest: this.rest,
        track: (work) => this.track(work),
      });
      options.http.route('POST', DISCORD_INTERACTIONS_PATH, this.endpoint.handle);
    }
  }

  /**
   * Whether this adapter opens a gateway session: not in one-shot runs, and not when interactions
   * arrive over HTTP (two gateway sessions would each receive, and answer, every interaction).
   */
  private get usesGateway(): boolean {
    return this.options.connectGateway !== false && !this.options.config.publicKey;
  }

  private track(work: Promise<void>): void {
    const tracked = work.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  /**
   * Connects to the gateway, waiting for Discord's first answer (at most `connectTimeoutMs`): a
   * rejected token fails the start (exit 2); Discord out of reach is retried in the background with
   * backoff while the service runs, as Slack's adapter does.
   */
  async start(): Promise<void> {
    this.stopped = false;
    this.stoppedSignal = settleOnce<void>();
    if (this.endpoint) {
      // Interactions arrive over HTTP: Discord is reached over REST alone, no gateway session.
      this.tracker.set('connected', `interactions on POST ${DISCORD_INTERACTIONS_PATH}`);
      this.logger.info(`Discord ready: interactions on POST ${DISCORD_INTERACTIONS_PATH}`);
    }
    if (!this.usesGateway) return;
    const lock = this.options.gatewayLock;
    if (!lock) {
      await this.connectOrCarryOn();
      return;
    }
    // Waits for the lock in the background: a replica without it still sends alerts over REST. The
    // replica that gets it at once connects before start() returns, so a rejected token fails the start.
    const taken = settleOnce<void>();
    let connecting: Promise<void> | undefined;
    this.leadership = this.leadGateway(lock, () => {
      connecting = this.connectOrCarryOn();
      taken.settle();
      return connecting;
    });
    await Promise.race([taken.promise, sleep(LOCK_WAIT_MS)]);
    if (!connecting) {
      const standby = `another replica holds the ${GATEWAY_LOCK} lock: this one connects to the gateway if that one stops`;
      // Alerts still go out over REST; the gateway is the holder's job.
      this.tracker.set('connected', standby);
      this.logger.info(standby);
      return;
    }
    this.startAwaitsConnection = true;
    try {
      await connecting;
    } finally {
      this.startAwaitsConnection = false;
    }
  }

  /**
   * Connects, waiting for Discord's first answer (at most `connectTimeoutMs`): a rejected token fails
   * it; Discord out of reach is retried in the background with backoff while the service runs.
   */
  private async connectOrCarryOn(): Promise<void> {
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
    this.stoppedSignal.settle();
    this.cancelWait?.();
    // Let answers being written finish, but never hold shutdown for long.
    await Promise.race([Promise.allSettled([...this.inFlight]), sleep(2_000)]);
    await this.client.destroy();
    if (this.leadership) await Promise.race([this.leadership, sleep(2_000)]);
    this.options.metrics.gatewayConnected.set(0);
    if (this.usesGateway) this.logger.info('Discord gateway closed');
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

  /**
   * Holds the gateway lock for as long as this adapter runs, connected the whole time. Another
   * replica waiting for the lock takes it when this one stops or dies (a dead holder's lease runs out,
   * or its database session ends), then connects.
   */
  private async leadGateway(
    gatewayLock: (fn: () => Promise<void>) => Promise<void>,
    connect: () => Promise<void>,
  ): Promise<void> {
    try {
      await gatewayLock(async () => {
        if (this.stopped) return;
        const release = this.options.heldLocks?.hold(GATEWAY_LOCK);
        this.logger.info(`this replica holds the ${GATEWAY_LOCK} lock: it connects to the Discord gateway`);
        try {
          await connect();
          await this.stoppedSignal.promise;
        } finally {
          release?.();
        }
      });
    } catch (error) {
      // A rejected token while start() waits is its error to report; later, the service stops on it.
      if (this.stopped || this.startAwaitsConnection) return;
      if (error instanceof ConfigError) this.options.onTokenRefused?.(error);
      else
        this.logger.error(
          { error: describeError(error) },
          `gave up the ${GATEWAY_LOCK} lock: ${String(error)}`,
        );
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

import { App } from '@slack/bolt';
import type { Clock } from '../../src/clock.js';
import { ConfigError, type SlackConfig } from '../../src/config.js';
import type { HttpServer } from '../../src/http/server.js';
import type { Logger } from '../../src/logger.js';
import type { ChatConnection, OutgoingPayload, SendResult } from '../../src/model/chat.js';
import type { AlertDigest } from '../../src/render/alert-digest.js';
import type { ChatAdapter, CommandHandler } from '../chat-adapter.js';
import { ConnectionTracker, cancellableWait, type OnTokenRefused } from '../connection.js';
import { boltLogger } from './bolt-logger.js';
import { type ChartUpload, chartPayload, chartUploadOf, uploadChart, uploadResult } from './chart-upload.js';
import { deliveryResult } from './delivery-errors.js';
import { SLACK_EVENTS_PATH, SlackEventsReceiver } from './events-receiver.js';
import { renderDigest } from './render-digest.js';
import { slashCommandListener } from './slash-command.js';

/**
 * A Web API call that hangs is a transient failure, not a stuck outbox: every request gives up after
 * this, so a send (one call; a chart upload, three) ends well inside the outbox's 60 s lease.
 */
export const API_TIMEOUT_MS = 10_000;

export interface SlackAdapterOptions {
  config: SlackConfig;
  logger: Logger;
  clock: Clock;
  onCommand: CommandHandler;
  /**
   * Receive slash commands: over Socket Mode when an app token is set, otherwise on `POST
   * /slack/events` of this HTTP server (the service's). Omitted for an output-only adapter (a
   * one-shot `ree-watch poll` that only sends alerts).
   */
  commands?: { http: HttpServer } | undefined;
  /** How long one Web API or response_url call may take; tests shorten it. */
  apiTimeoutMs?: number;
  /** A token refused after start (Slack answered only later): the service stops with exit 2. */
  onTokenRefused?: OnTokenRefused;
}

/** Slack's answers meaning the token itself is bad, not that Slack is down. */
const TOKEN_REFUSED = new Set([
  'invalid_auth',
  'not_authed',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'not_allowed_token_type',
]);

const MAX_RETRY_DELAY_MS = 5 * 60_000;

/**
 * Slack through one Bolt App: slash commands over HTTP (signed requests on the service's port) or
 * Socket Mode (when SLACK_APP_TOKEN is set; no public URL needed), alerts with chat.postMessage.
 * The Web API client never retries on its own: the outbox sender owns retries and Retry-After.
 */
export class SlackAdapter implements ChatAdapter {
  readonly platform = 'slack' as const;
  readonly postsImages = true;
  readonly mode: 'http' | 'socket' | 'output-only';
  private readonly app: App;
  private readonly timeoutMs: number;
  private readonly tracker: ConnectionTracker;
  private started = false;
  private stopped = false;
  private cancelWait: (() => void) | undefined;

  constructor(private readonly options: SlackAdapterOptions) {
    const { config, logger, clock } = options;
    this.mode = !options.commands ? 'output-only' : config.appToken ? 'socket' : 'http';
    this.tracker = new ConnectionTracker('slack', () => clock.now());
    const log = boltLogger(logger);
    const timeout = options.apiTimeoutMs ?? API_TIMEOUT_MS;
    this.timeoutMs = timeout;
    const clientOptions = {
      slackApiUrl: config.apiUrl,
      // Set explicitly: Socket Mode otherwise writes { retries: 100 } into this very object.
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      timeout,
      // Also used by respond() for response_url, which has no timeout of its own.
      fetch: (input: string | URL | Request, init?: RequestInit) =>
        fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(timeout) }),
    };
    const common = {
      token: config.botToken,
      logger: log,
      clientOptions,
      // auth.test runs in start(), where its failure can be reported, not in the constructor.
      deferInitialization: true,
      convoStore: false as const,
    };
    if (this.mode === 'socket' && config.appToken) {
      this.app = new App({ ...common, socketMode: true, appToken: config.appToken });
    } else {
      const receiver = new SlackEventsReceiver({
        signingSecret: config.signingSecret,
        clock,
        logger: logger.child({ component: 'slack' }),
      });
      this.app = new App({ ...common, receiver });
      options.commands?.http.route('POST', SLACK_EVENTS_PATH, receiver.handle);
    }
    this.app.command(
      /.*/,
      slashCommandListener({
        onCommand: options.onCommand,
        allowedTeamIds: config.allowedTeamIds,
        logger: logger.child({ platform: 'slack' }),
        postChart: (channel, upload) => this.postChart(channel, upload),
      }),
    );
    this.app.error(async (error) => {
      logger.error({ err: error }, 'Slack listener failed');
    });
  }

  /**
   * Checks the token with Slack (auth.test) and, in Socket Mode, opens the connection. A refused token
   * is a ConfigError (exit 2); Slack out of reach is logged and retried in the background with backoff
   * while the rest of the service runs, as Discord's adapter does.
   */
  async start(): Promise<void> {
    this.stopped = false;
    if (await this.connect()) return;
    void this.retryInBackground();
  }

  connection(): ChatConnection {
    return this.tracker.get();
  }

  /** One attempt: true when connected, false when Slack could not be reached; throws when it refused the token. */
  private async connect(): Promise<boolean> {
    const { logger, config } = this.options;
    let key = 'SLACK_BOT_TOKEN';
    try {
      await this.app.init();
      key = 'SLACK_APP_TOKEN';
      if (this.mode === 'socket') await this.app.start();
    } catch (error) {
      const code = platformError(error);
      if (code !== undefined && TOKEN_REFUSED.has(code)) {
        this.tracker.set('refused', `Slack refused ${key} (${code})`);
        throw new ConfigError([
          {
            key,
            message: `was refused by Slack (${code}); copy it again from the Slack app settings (${key === 'SLACK_APP_TOKEN' ? 'Basic Information → App-Level Tokens' : 'OAuth & Permissions → Bot User OAuth Token'})`,
          },
        ]);
      }
      const detail = describeStartError(error, key, config.apiUrl);
      this.tracker.set('unreachable', detail);
      logger.warn({ platform: 'slack' }, `${detail}; retrying in the background`);
      return false;
    }
    this.started = true;
    this.tracker.set('connected');
    const ready = {
      socket: 'Slack connected over Socket Mode (no public URL needed)',
      http: `Slack ready: slash commands on POST ${SLACK_EVENTS_PATH}`,
      'output-only': 'Slack ready to send alerts',
    };
    logger.info({ mode: this.mode }, ready[this.mode]);
    return true;
  }

  private async retryInBackground(): Promise<void> {
    let delay = 1_000;
    while (!this.stopped) {
      const wait = cancellableWait(delay);
      this.cancelWait = wait.cancel;
      await wait.done;
      if (this.stopped) return;
      try {
        if (await this.connect()) return;
      } catch (error) {
        if (error instanceof ConfigError) this.options.onTokenRefused?.(error);
        return;
      }
      delay = Math.min(delay * 2, MAX_RETRY_DELAY_MS);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelWait?.();
    if (!this.started) return;
    this.started = false;
    // HTTP mode has nothing to close: the service's HTTP server stops with the service.
    if (this.mode === 'socket') await this.app.stop();
  }

  /** The digest's messages, then one upload per chart (Slack cannot attach a file to a message). */
  renderDigest(digest: AlertDigest): OutgoingPayload[] {
    return [...renderDigest(digest), ...(digest.charts ?? []).map(chartPayload)];
  }

  async send(channel: string, payload: OutgoingPayload): Promise<SendResult> {
    const chart = chartUploadOf(payload);
    if (chart === 'unreadable')
      return {
        ok: false,
        kind: 'permanent',
        error: 'a stored chart could not be read (a ree-watch bug; please report it)',
        onlyThisMessage: true,
      };
    if (chart) return this.sendChart(channel, chart);
    try {
      const result = await this.app.client.chat.postMessage({
        ...(payload as Record<string, unknown>),
        channel,
      } as Parameters<App['client']['chat']['postMessage']>[0]);
      return { ok: true, ...(typeof result.ts === 'string' ? { externalId: result.ts } : {}) };
    } catch (error) {
      const outcome = deliveryResult(error);
      this.options.logger.debug(
        { channel, outcome: outcome.ok ? 'ok' : outcome.kind },
        'Slack delivery failed',
      );
      return outcome;
    }
  }

  /** An alert's chart, from the outbox: the three-step upload as one delivery. */
  private async sendChart(channel: string, upload: ChartUpload): Promise<SendResult> {
    try {
      const fileId = await uploadChart(this.app.client, channel, upload, this.timeoutMs);
      return { ok: true, externalId: fileId };
    } catch (error) {
      const outcome = uploadResult(error);
      this.options.logger.debug(
        { channel, outcome: outcome.ok ? 'ok' : outcome.kind },
        'Slack chart upload failed',
      );
      return outcome;
    }
  }

  /** A chart a command asked for, shared in the channel it was asked in (Slack has no private files in replies). */
  private async postChart(channel: string, upload: ChartUpload): Promise<ChartOutcome> {
    const outcome = await this.sendChart(channel, upload);
    return outcome.ok ? { ok: true } : { ok: false, reason: outcome.error };
  }
}

/** What became of a chart a command asked for. */
export type ChartOutcome = { ok: true } | { ok: false; reason: string };

interface SlackErrorShape {
  code?: unknown;
  data?: { error?: unknown };
  statusCode?: unknown;
}

const shapeOf = (error: unknown) =>
  (typeof error === 'object' && error !== null ? error : {}) as SlackErrorShape;

/** Slack's own error code ("invalid_auth") when Slack answered with one. */
function platformError(error: unknown): string | undefined {
  const shape = shapeOf(error);
  return shape.code === 'slack_webapi_platform_error' ? String(shape.data?.error) : undefined;
}

function describeStartError(error: unknown, tokenKey: string, apiUrl: string): string {
  const shape = shapeOf(error);
  if (shape.code === 'slack_webapi_platform_error') {
    return `Slack refused ${tokenKey} (${String(shape.data?.error)}); check the token in the Slack app settings`;
  }
  if (shape.code === 'slack_webapi_http_error')
    return `Slack at ${apiUrl} answered HTTP ${String(shape.statusCode)}`;
  if (shape.code === 'slack_webapi_request_error')
    return `could not reach Slack at ${apiUrl} (check SLACK_API_URL and the network)`;
  return `Slack could not start: ${error instanceof Error ? error.message : String(error)}`;
}

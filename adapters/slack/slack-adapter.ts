import { App } from '@slack/bolt';
import type { Clock } from '../../src/clock.js';
import type { SlackConfig } from '../../src/config.js';
import type { HttpServer } from '../../src/http/server.js';
import type { Logger } from '../../src/logger.js';
import type { OutgoingPayload, SendResult } from '../../src/model/chat.js';
import type { AlertDigest } from '../../src/render/alert-digest.js';
import type { ChatAdapter, CommandHandler } from '../chat-adapter.js';
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
}

/** Errors at start-up that a user can fix, as one readable line. */
export class SlackStartError extends Error {
  override name = 'SlackStartError';
}

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
  private started = false;

  constructor(private readonly options: SlackAdapterOptions) {
    const { config, logger, clock } = options;
    this.mode = !options.commands ? 'output-only' : config.appToken ? 'socket' : 'http';
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

  async start(): Promise<void> {
    const { logger, config } = this.options;
    try {
      await this.app.init();
    } catch (error) {
      throw new SlackStartError(describeStartError(error, 'SLACK_BOT_TOKEN', config.apiUrl));
    }
    if (this.mode === 'socket') {
      try {
        await this.app.start();
      } catch (error) {
        throw new SlackStartError(describeStartError(error, 'SLACK_APP_TOKEN', config.apiUrl));
      }
    }
    this.started = true;
    const ready = {
      socket: 'Slack connected over Socket Mode (no public URL needed)',
      http: `Slack ready: slash commands on POST ${SLACK_EVENTS_PATH}`,
      'output-only': 'Slack ready to send alerts',
    };
    logger.info({ mode: this.mode }, ready[this.mode]);
  }

  async stop(): Promise<void> {
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

function describeStartError(error: unknown, tokenKey: string, apiUrl: string): string {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as {
    code?: unknown;
    data?: { error?: unknown };
    statusCode?: unknown;
  };
  if (shape.code === 'slack_webapi_platform_error') {
    return `Slack refused ${tokenKey} (${String(shape.data?.error)}); check the token in the Slack app settings`;
  }
  if (shape.code === 'slack_webapi_http_error')
    return `Slack at ${apiUrl} answered HTTP ${String(shape.statusCode)}`;
  if (shape.code === 'slack_webapi_request_error')
    return `could not reach Slack at ${apiUrl} (check SLACK_API_URL and the network)`;
  return `Slack could not start: ${error instanceof Error ? error.message : String(error)}`;
}

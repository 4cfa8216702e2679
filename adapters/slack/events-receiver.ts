import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AckFn, App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Clock } from '../../src/clock.js';
import { readWebhookBody } from '../../src/http/read-body.js';
import type { Logger } from '../../src/logger.js';
import { verifySlackSignature } from './signature.js';

/** Where Slack sends slash commands in HTTP mode, on the service's port. */
export const SLACK_EVENTS_PATH = '/slack/events';

export interface SlackEventsReceiverOptions {
  signingSecret: string;
  clock: Clock;
  logger: Logger;
}

type Body = Record<string, unknown>;

/**
 * Bolt's Receiver for HTTP mode, mounted as `POST /slack/events` on the service's own HTTP server.
 * It verifies the signature with the injected clock before anything else: a request that fails gets
 * 401 and never reaches Bolt. Verified requests are handed to `app.processEvent`, and the listener's
 * `ack()` writes the HTTP response (Slack wants it within 3 seconds).
 */
export class SlackEventsReceiver implements Receiver {
  private app: App | undefined;

  constructor(private readonly options: SlackEventsReceiverOptions) {}

  init(app: App): void {
    this.app = app;
  }

  // The service's HttpServer listens and closes; nothing to do here.
  async start(): Promise<void> {}
  async stop(): Promise<void> {}

  readonly handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const logger = this.options.logger;
    const rawBody = await readWebhookBody(req, res);
    if (rawBody === undefined) return;
    const verdict = verifySlackSignature(
      {
        rawBody,
        timestamp: req.headers['x-slack-request-timestamp'],
        signature: req.headers['x-slack-signature'],
      },
      this.options.signingSecret,
      this.options.clock.now(),
    );
    if (!verdict.ok) {
      logger.warn(
        { reason: verdict.reason, remote: req.socket.remoteAddress },
        'refused a request to /slack/events: not signed by Slack',
      );
      res.writeHead(401, { 'content-type': 'text/plain' }).end('invalid or missing Slack signature');
      return;
    }
    const body = parseBody(req.headers['content-type'], rawBody);
    if (!body) {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('body is neither a form nor JSON');
      return;
    }
    if (body.ssl_check !== undefined) {
      res.writeHead(200).end();
      return;
    }
    if (body.type === 'url_verification' && typeof body.challenge === 'string') {
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ challenge: body.challenge }));
      return;
    }
    if (!this.app) {
      res.writeHead(503, { 'content-type': 'text/plain' }).end('Slack adapter not started');
      return;
    }
    const ack = httpAck(res);
    const retryNum = Number(req.headers['x-slack-retry-num']);
    const retryReason = req.headers['x-slack-retry-reason'];
    const event: ReceiverEvent = {
      body,
      ack: ack.fn,
      ...(Number.isInteger(retryNum) ? { retryNum } : {}),
      ...(typeof retryReason === 'string' ? { retryReason } : {}),
    };
    try {
      await this.app.processEvent(event);
    } catch (error) {
      logger.error({ err: error }, 'Slack event handling failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' }).end('internal error');
      return;
    }
    // No listener took it (e.g. an interaction ree-watch does not offer): answer now, not after 3 s.
    if (!ack.done() && !res.headersSent)
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not handled');
  };
}

function httpAck(res: ServerResponse): { fn: AckFn<unknown>; done: () => boolean } {
  let acked = false;
  const fn: AckFn<unknown> = async (response?: unknown) => {
    if (acked) return;
    acked = true;
    if (res.headersSent) return;
    if (response === undefined || response === '') res.writeHead(200).end();
    else if (typeof response === 'string') res.writeHead(200, { 'content-type': 'text/plain' }).end(response);
    else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(response));
  };
  return { fn, done: () => acked };
}

/** Slash commands arrive as a form; interactivity as a form with a JSON `payload`; events as JSON. */
function parseBody(contentType: string | undefined, rawBody: Buffer): Body | undefined {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  try {
    if (type === 'application/x-www-form-urlencoded') {
      const form = Object.fromEntries(new URLSearchParams(rawBody.toString('utf8')));
      if (typeof form.payload === 'string') return asObject(JSON.parse(form.payload));
      return form;
    }
    if (type === 'application/json') return asObject(JSON.parse(rawBody.toString('utf8')));
  } catch {
    return undefined;
  }
  return undefined;
}

const asObject = (value: unknown): Body | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Body) : undefined;

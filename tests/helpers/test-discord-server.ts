import type { ServerResponse } from 'node:http';
import {
  type DiscordRateLimits,
  FakeDiscordServer,
  type RecordedRequest,
} from '../../src/demo/fakes/fake-discord-server.js';

export {
  type DiscordRateLimits,
  IDS,
  type InteractionOptions,
  interactionPayload,
  PERMISSIONS,
  type RecordedRequest,
} from '../../src/demo/fakes/fake-discord-server.js';

export interface Failure {
  method?: string;
  path: RegExp;
  status: number;
  /** Discord's JSON error code (e.g. 50013, 10003, 50001). */
  code?: number;
  /** Seconds, as Discord's 429 body says; also sent as Retry-After. */
  retryAfter?: number;
  times?: number;
  /** Never answer (until the fake closes): a request that hangs. */
  hang?: boolean;
}

function fail(res: ServerResponse, failure: Failure): void {
  if (failure.status === 429) {
    const retryAfter = failure.retryAfter ?? 1;
    res.writeHead(429, {
      'content-type': 'application/json',
      'retry-after': String(Math.ceil(retryAfter)),
      'x-ratelimit-limit': '5',
      'x-ratelimit-remaining': '0',
      'x-ratelimit-reset-after': String(retryAfter),
      'x-ratelimit-bucket': 'fake-bucket',
      'x-ratelimit-scope': 'user',
    });
    res.end(
      JSON.stringify({ message: 'You are being rate limited.', retry_after: retryAfter, global: false }),
    );
    return;
  }
  if (failure.status >= 500) {
    res.writeHead(failure.status, { 'content-type': 'text/plain' }).end('upstream error');
    return;
  }
  json(res, failure.status, { message: MESSAGES[failure.code ?? 0] ?? 'Error', code: failure.code ?? 0 });
}

const MESSAGES: Record<number, string> = {
  0: 'General error',
  10003: 'Unknown Channel',
  50001: 'Missing Access',
  50013: 'Missing Permissions',
  50035: 'Invalid Form Body',
};

/**
 * The demo's loopback Discord, plus what only tests need: failures answered on request (an error
 * status and code, a 429 with Retry-After, a request left hanging) and a dropped gateway.
 */
export class TestDiscordServer extends FakeDiscordServer {
  private readonly failures: Failure[] = [];

  static override start(
    token?: string,
    options: { rateLimits?: DiscordRateLimits } = {},
  ): Promise<TestDiscordServer> {
    return FakeDiscordServer.listen(token, options, (...args) => new TestDiscordServer(...args));
  }

  /** Answers the next request(s) matching `failure` with it, instead of Discord's behaviour. */
  failNext(failure: Failure): void {
    this.failures.push({ times: 1, ...failure });
  }

  /** Closes the bot's gateway connection; a non-1000 code makes discord.js RESUME. */
  dropGateway(code = 4000): void {
    this.socket?.close(code, 'test');
  }

  protected override intercept(request: RecordedRequest, res: ServerResponse): boolean {
    const failure = this.failures.find(
      (item) =>
        (item.times ?? 0) > 0 &&
        item.path.test(request.path) &&
        (!item.method || item.method === request.method),
    );
    if (!failure) return false;
    failure.times = (failure.times ?? 1) - 1;
    if (!failure.hang) fail(res, failure);
    return true;
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

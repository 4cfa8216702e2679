import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { hiddenEmbeds } from './discord-embed-display.js';
import { EnforcedWindows, type RateWindow } from './rate-windows.js';

/**
 * A loopback Discord: the REST routes ree-watch uses and a gateway (HELLO → IDENTIFY → READY,
 * heartbeat ACKs, RESUME), on one port. It records every request and gateway frame, and can be told
 * to fail the next matching request with a 429 (with retry_after) or any status and error code.
 * Shapes follow /work/research/chat-protocols.md §8–12 (what discord.js 14.28 accepts). Used by the tests
 * and by `ree-watch demo --discord`, so it imports no test framework.
 */

export const IDS = {
  application: '1100000000000000001',
  guild: '1200000000000000002',
  channel: '1300000000000000003',
  user: '1400000000000000004',
  bot: '1500000000000000005',
} as const;

/** Permission bits: View Channel, Send Messages, Use Application Commands, and Manage Channels. */
const BASE_PERMISSIONS = (1n << 10n) | (1n << 11n) | (1n << 31n);
const MANAGE_CHANNELS = 1n << 4n;
export const PERMISSIONS = {
  member: BASE_PERMISSIONS.toString(),
  moderator: (BASE_PERMISSIONS | MANAGE_CHANNELS).toString(),
} as const;

export interface RecordedRequest {
  method: string;
  /** Decoded path without the `/api/v10` prefix, e.g. `/webhooks/110…/itoken-1/messages/@original`. */
  path: string;
  query: URLSearchParams;
  authorization: string | undefined;
  /** Parsed JSON body (for multipart, its `payload_json`). */
  body: unknown;
  files: { name: string; size: number }[];
}

export interface InteractionOptions {
  subcommand: string;
  options?: Record<string, string | number | boolean>;
  /** A permission bitfield string; PERMISSIONS.moderator has Manage Channels. */
  permissions?: string;
  focused?: string;
  channelId?: string;
  userId?: string;
  username?: string;
}

/**
 * Limits to enforce as Discord does, answering 429 with its headers when exceeded: the bot's global
 * 50 requests a second, and the per-channel bucket of POST /channels/{id}/messages (5 per 5 s).
 */
export interface DiscordRateLimits {
  global: RateWindow;
  perChannel: RateWindow;
}

export class FakeDiscordServer {
  readonly requests: RecordedRequest[] = [];
  /** Every frame the bot sent on the gateway, parsed. */
  readonly gatewayFrames: { op: number; d: unknown }[] = [];
  /** Registered commands per scope ('global' or a guild id), as the PUT left them. */
  readonly commands = new Map<string, unknown[]>();
  private readonly byNonce = new Map<string, Record<string, unknown>>();
  protected socket: WebSocket | undefined;
  /** Open gateway sessions (identified or resumed): as Discord does, each receives every dispatch. */
  private readonly sessions = new Set<WebSocket>();
  private sequence = 0;
  private nextId = 1_800_000_000_000_000_010n;
  private listeners: (() => void)[] = [];
  private readonly windows = new EnforcedWindows();
  /** Requests answered 429 because they went over `rateLimits`. */
  rateLimited = 0;
  /**
   * Every channel message created (a repeated nonce creates none), with when and how many of its
   * embeds Discord's client would hide (see discord-embed-display.ts).
   */
  readonly created: { channel: string; at: number; hiddenEmbeds: number }[] = [];

  protected constructor(
    private readonly server: Server,
    private readonly wss: WebSocketServer,
    readonly token: string,
    private readonly rateLimits: DiscordRateLimits | undefined,
  ) {}

  static start(token?: string, options: { rateLimits?: DiscordRateLimits } = {}): Promise<FakeDiscordServer> {
    return FakeDiscordServer.listen(token, options, (...args) => new FakeDiscordServer(...args));
  }

  /** Starts a fake made by `make` (this class, or a test's subclass of it) on a loopback port. */
  protected static async listen<T extends FakeDiscordServer>(
    token: string | undefined,
    options: { rateLimits?: DiscordRateLimits },
    make: (
      server: Server,
      wss: WebSocketServer,
      token: string,
      rateLimits: DiscordRateLimits | undefined,
    ) => T,
  ): Promise<T> {
    const server = createServer();
    const wss = new WebSocketServer({ server });
    const fake = make(
      server,
      wss,
      token ?? 'fake-bot-token.MTEwMDAwMDAwMDAwMDAwMDAwMQ.secretpart',
      options.rateLimits,
    );
    server.on('request', (req, res) => {
      void fake.handle(req, res);
    });
    wss.on('connection', (socket) => fake.accept(socket));
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return fake;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** What DISCORD_API_URL should be: no version, no trailing slash. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  /** Resolves with the first recorded request (past or future) matching `predicate`. */
  async waitForRequest(
    predicate: (request: RecordedRequest) => boolean,
    timeoutMs = 10_000,
  ): Promise<RecordedRequest> {
    return this.waitUntil(() => this.requests.find(predicate), timeoutMs, 'request');
  }

  /** Resolves once the bot has sent a gateway frame with this opcode (2 IDENTIFY, 6 RESUME) `count` times. */
  async waitForFrame(op: number, count = 1, timeoutMs = 10_000): Promise<void> {
    await this.waitUntil(
      () => (this.gatewayFrames.filter((frame) => frame.op === op).length >= count ? true : undefined),
      timeoutMs,
      `gateway op ${op}`,
    );
  }

  requestsTo(method: string, path: RegExp): RecordedRequest[] {
    return this.requests.filter((request) => request.method === method && path.test(request.path));
  }

  /**
   * Sends a gateway dispatch (op 0) to every open session of the bot (several replicas connected at
   * once would each receive it), or to the latest connection while none has identified.
   */
  dispatch(type: string, data: unknown): void {
    const open = [...this.sessions].filter((socket) => socket.readyState === socket.OPEN);
    const targets = open.length > 0 ? open : this.socket ? [this.socket] : [];
    if (targets.length === 0) throw new Error('no bot is connected to the fake gateway');
    for (const socket of targets) this.send(socket, type, data);
  }

  private send(socket: WebSocket, type: string, data: unknown): void {
    this.sequence++;
    socket.send(JSON.stringify({ op: 0, t: type, s: this.sequence, d: data }));
  }

  /** Dispatches `/ree <subcommand>` (type 2) or, with `focused`, an autocomplete request (type 4). */
  sendInteraction(options: InteractionOptions): { id: string; token: string } {
    const id = String(this.nextId++);
    const token = `itoken-${id}`;
    this.dispatch('INTERACTION_CREATE', interactionPayload(id, token, options));
    return { id, token };
  }

  async close(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async waitUntil<T>(probe: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`fake Discord: timed out waiting for a ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.listeners.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private notify(): void {
    for (const listener of this.listeners.splice(0)) listener();
  }

  private accept(socket: WebSocket): void {
    this.socket = socket;
    socket.on('close', () => this.sessions.delete(socket));
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 } }));
    socket.on('message', (raw) => {
      const frame = JSON.parse(String(raw)) as { op: number; d: Record<string, unknown> };
      this.gatewayFrames.push(frame);
      this.notify();
      if (frame.op === 1) socket.send(JSON.stringify({ op: 11 }));
      if (frame.op === 2) {
        if (frame.d.token !== this.token) {
          socket.close(4004, 'Authentication failed.');
          return;
        }
        this.send(socket, 'READY', {
          v: 10,
          session_id: 'fake-session-1',
          resume_gateway_url: `ws://127.0.0.1:${this.port}`,
          user: {
            id: IDS.bot,
            username: 'ree-watch',
            discriminator: '0',
            global_name: null,
            avatar: null,
            bot: true,
            flags: 0,
          },
          guilds: [],
          application: { id: IDS.application, flags: 0 },
          shard: [0, 1],
        });
        this.sessions.add(socket);
      }
      if (frame.op === 6) {
        this.send(socket, 'RESUMED', {});
        this.sessions.add(socket);
      }
    });
  }

  /**
   * Answers a request instead of Discord's behaviour, returning true when it did (or left it
   * hanging). The demo's Discord never does; the tests' one injects failures here.
   */
  protected intercept(_request: RecordedRequest, _res: ServerResponse): boolean {
    return false;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(url.pathname).replace(/^\/api\/v10/, '');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks);
    const { body, files } = await parseBody(req.headers['content-type'], raw);
    const request: RecordedRequest = {
      method: req.method ?? 'GET',
      path,
      query: url.searchParams,
      authorization: req.headers.authorization,
      body,
      files,
    };
    this.requests.push(request);
    this.notify();

    if (this.intercept(request, res)) return;
    const needsBot = !/^\/(interactions|webhooks)\//.test(path);
    if (needsBot && req.headers.authorization !== `Bot ${this.token}`) {
      json(res, 401, { message: '401: Unauthorized', code: 0 });
      return;
    }
    const channelPost =
      request.method === 'POST' ? /^\/channels\/(\d+)\/messages$/.exec(path)?.[1] : undefined;
    const bucket = this.rateLimits && needsBot ? this.enforce(res, channelPost) : {};
    if (bucket === undefined) return;
    const answer = this.route(request);
    if (answer.body === undefined) res.writeHead(answer.status, bucket).end();
    else json(res, answer.status, answer.body, bucket);
  }

  /**
   * Applies `rateLimits`: answers 429 (and returns undefined) over a limit, else returns the
   * X-RateLimit headers Discord sends with a channel's messages (discord.js reads them to pace itself).
   */
  private enforce(res: ServerResponse, channel: string | undefined): Record<string, string> | undefined {
    const limits = this.rateLimits as DiscordRateLimits;
    const now = Date.now();
    const keys = [{ key: 'global', window: limits.global }];
    if (channel) keys.push({ key: `channel:${channel}`, window: limits.perChannel });
    const verdict = this.windows.take(keys, now);
    if (!verdict.ok) {
      this.rateLimited++;
      const global = verdict.key === 'global';
      const seconds = verdict.retryAfterMs / 1000;
      res.writeHead(429, {
        'content-type': 'application/json',
        'retry-after': String(Math.max(1, Math.ceil(seconds))),
        ...(global
          ? { 'x-ratelimit-global': 'true', 'x-ratelimit-scope': 'global' }
          : {
              'x-ratelimit-limit': String(limits.perChannel.limit),
              'x-ratelimit-remaining': '0',
              'x-ratelimit-reset-after': seconds.toFixed(3),
              'x-ratelimit-bucket': 'channel-messages',
              'x-ratelimit-scope': 'user',
            }),
      });
      res.end(JSON.stringify({ message: 'You are being rate limited.', retry_after: seconds, global }));
      return undefined;
    }
    if (!channel) return {};
    const remaining =
      limits.perChannel.limit - this.windows.used(`channel:${channel}`, limits.perChannel, now);
    const resetAfter = limits.perChannel.windowMs / 1000;
    return {
      'x-ratelimit-limit': String(limits.perChannel.limit),
      'x-ratelimit-remaining': String(remaining),
      'x-ratelimit-reset': ((now + limits.perChannel.windowMs) / 1000).toFixed(3),
      'x-ratelimit-reset-after': resetAfter.toFixed(3),
      'x-ratelimit-bucket': 'channel-messages',
    };
  }

  /** The answer to a request that was not told to fail: status and JSON body (none for 204). */
  private route(request: RecordedRequest): { status: number; body?: unknown } {
    const { method, path } = request;
    const channel = /^\/channels\/(\d+)\/messages$/.exec(path);
    const commands = /^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/.exec(path);
    if (method === 'GET' && path === '/gateway/bot')
      return {
        status: 200,
        body: {
          url: `ws://127.0.0.1:${this.port}`,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
        },
      };
    if (method === 'GET' && path === '/users/@me')
      return {
        status: 200,
        body: { id: IDS.bot, username: 'ree-watch', discriminator: '0', bot: true, avatar: null },
      };
    if (method === 'POST' && channel) {
      // Discord answers a repeated nonce (with enforce_nonce) with the message it already created.
      const { nonce, enforce_nonce } = (request.body ?? {}) as { nonce?: string; enforce_nonce?: boolean };
      const earlier = enforce_nonce && nonce ? this.byNonce.get(nonce) : undefined;
      if (earlier) return { status: 200, body: earlier };
      const message = this.message(channel[1] ?? '', request.body);
      this.created.push({
        channel: channel[1] ?? '',
        at: Date.now(),
        hiddenEmbeds: hiddenEmbeds(message.embeds as { url?: string }[]),
      });
      if (enforce_nonce && nonce) this.byNonce.set(nonce, message);
      return { status: 200, body: message };
    }
    if (method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(path)) {
      if (request.query.get('with_response') !== 'true') return { status: 204 };
      return {
        status: 200,
        body: { interaction: {}, resource: { type: 4, message: this.message(IDS.channel, request.body) } },
      };
    }
    if (method === 'POST' && /^\/webhooks\/\d+\/[^/]+$/.test(path))
      return { status: 200, body: this.message(IDS.channel, request.body) };
    if (/^\/webhooks\/\d+\/[^/]+\/messages\/@original$/.test(path)) {
      if (method === 'DELETE') return { status: 204 };
      if (method === 'PATCH' || method === 'GET')
        return { status: 200, body: this.message(IDS.channel, request.body) };
    }
    if (commands) {
      const scope = commands[2] ?? 'global';
      if (method === 'GET') return { status: 200, body: this.commands.get(scope) ?? [] };
      if (method === 'PUT') {
        const stored = (Array.isArray(request.body) ? request.body : []).map(
          (command: Record<string, unknown>) => ({
            id: String(this.nextId++),
            application_id: commands[1],
            version: '1',
            default_member_permissions: null,
            nsfw: false,
            ...(commands[2] ? { guild_id: commands[2] } : {}),
            ...command,
          }),
        );
        this.commands.set(scope, stored);
        return { status: 200, body: stored };
      }
    }
    return { status: 404, body: { message: '404: Not Found', code: 0 } };
  }

  private message(channelId: string, body: unknown): Record<string, unknown> {
    const payload = (body ?? {}) as Record<string, unknown>;
    return {
      id: String(this.nextId++),
      channel_id: channelId,
      type: 0,
      content: typeof payload.content === 'string' ? payload.content : '',
      author: {
        id: IDS.bot,
        username: 'ree-watch',
        discriminator: '0',
        bot: true,
        avatar: null,
        global_name: null,
      },
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: Array.isArray(payload.embeds) ? payload.embeds : [],
      pinned: false,
      flags: 0,
    };
  }
}

/** An interaction as Discord sends it, over the gateway (INTERACTION_CREATE) or to the HTTP endpoint. */
export function interactionPayload(
  id: string,
  token: string,
  options: InteractionOptions,
): Record<string, unknown> {
  const channelId = options.channelId ?? IDS.channel;
  const values = Object.entries(options.options ?? {}).map(([name, value]) => ({
    type: typeof value === 'boolean' ? 5 : typeof value === 'number' ? 4 : 3,
    name,
    value,
    ...(options.focused === name ? { focused: true } : {}),
  }));
  return {
    id,
    application_id: IDS.application,
    type: options.focused ? 4 : 2,
    token,
    version: 1,
    guild_id: IDS.guild,
    channel_id: channelId,
    // discord.js takes channelId from this object only.
    channel: { id: channelId, type: 0, guild_id: IDS.guild, name: 'alerts' },
    member: {
      user: {
        id: options.userId ?? IDS.user,
        username: options.username ?? 'alice',
        discriminator: '0',
        global_name: 'Alice',
        avatar: null,
      },
      roles: [],
      permissions: options.permissions ?? PERMISSIONS.moderator,
      joined_at: '2024-01-01T00:00:00.000Z',
      deaf: false,
      mute: false,
      flags: 0,
    },
    app_permissions: PERMISSIONS.moderator,
    locale: 'en-US',
    guild_locale: 'en-US',
    // Without these two, discord.js 14.28 throws inside its gateway handler and the process dies.
    entitlements: [],
    authorizing_integration_owners: { '0': IDS.guild },
    context: 0,
    attachment_size_limit: 10_485_760,
    data: {
      id: '1700000000000000000',
      name: 'ree',
      type: 1,
      guild_id: IDS.guild,
      options: [{ type: 1, name: options.subcommand, options: values }],
    },
  };
}

async function parseBody(
  contentType: string | undefined,
  raw: Buffer,
): Promise<{ body: unknown; files: RecordedRequest['files'] }> {
  if (raw.length === 0) return { body: undefined, files: [] };
  if (contentType?.startsWith('multipart/form-data')) {
    const form = await new Response(raw, { headers: { 'content-type': contentType } }).formData();
    const files: RecordedRequest['files'] = [];
    let body: unknown;
    for (const [name, value] of form.entries()) {
      if (name === 'payload_json') body = JSON.parse(String(value));
      else if (typeof value !== 'string') files.push({ name: value.name, size: value.size });
    }
    return { body, files };
  }
  return { body: JSON.parse(raw.toString('utf8')), files: [] };
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

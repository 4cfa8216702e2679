import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import { EnforcedWindows, type RateWindow } from './rate-windows.js';

/** One Web API call as the fake received it (form fields decoded; `blocks` left as its JSON string). */
export interface ApiCall {
  method: string;
  form: Record<string, string>;
  authorization: string | undefined;
  contentType: string | undefined;
  /** When the fake received it (epoch ms). */
  at: number;
}

export interface PostedMessage {
  channel: string;
  text: string | undefined;
  blocks: unknown[] | undefined;
  form: Record<string, string>;
  /** When the fake accepted it (epoch ms). */
  at: number;
}

/** What the next chat.postMessage is answered with, instead of success. */
export type FakeAnswer =
  | { rateLimited: { retryAfterSeconds: number } }
  | { status: number }
  | { error: string }
  | { hang: true }
  /** Slack posts the message but the answer never comes back (a crash or a cut connection mid-send). */
  | { postThenHang: true };

/** A chart or file as it went through the external upload flow. */
export interface FakeUpload {
  fileId: string;
  filename: string;
  length: number;
  altText: string | undefined;
  /** What was POSTed to the upload URL, once it was. */
  bytes?: Buffer;
  contentType?: string;
  /** The Authorization header sent to the upload URL (it should carry none). */
  authorization?: string;
  /** Set by files.completeUploadExternal: where it was shared and with what. */
  shared?: { channel: string; title: string | undefined; initialComment: string | undefined };
}

/** The steps of the upload flow that can be told to fail, and chat.postMessage. */
export type AnsweredStep =
  | 'chat.postMessage'
  | 'files.getUploadURLExternal'
  | 'upload'
  | 'files.completeUploadExternal';

export interface SocketAck {
  envelope_id: string;
  payload?: unknown;
}

export interface FakeSlackOptions {
  botToken?: string;
  appToken?: string;
  teamId?: string;
  /**
   * Enforce chat.postMessage limits as Slack does: over them, HTTP 429 with Retry-After (seconds).
   * Slack documents 1 message per second per channel and an unpublished workspace-wide limit.
   */
  rateLimits?: { perChannel: RateWindow; workspace: RateWindow };
}

/**
 * A loopback stand-in for Slack: the Web API methods ree-watch uses (auth.test, chat.postMessage,
 * apps.connections.open, files.getUploadURLExternal and files.completeUploadExternal), the upload URL
 * those hand out, response_url targets, and a Socket Mode WebSocket on the same port.
 * Records everything so tests assert on what Slack would have received, and `ree-watch demo --slack`
 * prints it. No test framework here: the demo ships with it.
 */
/** The options with their defaults filled in. */
export type ResolvedSlackOptions = Required<Omit<FakeSlackOptions, 'rateLimits'>> &
  Pick<FakeSlackOptions, 'rateLimits'>;

export class FakeSlackServer {
  readonly calls: ApiCall[] = [];
  readonly posts: PostedMessage[] = [];
  readonly responses: { id: string; body: Record<string, unknown> }[] = [];
  readonly acks: SocketAck[] = [];
  /** Every envelope sent over Socket Mode, so tests can check none was left unacknowledged. */
  readonly envelopes: string[] = [];
  readonly uploads: FakeUpload[] = [];
  private readonly sockets = new Set<WebSocket>();
  /** Envelopes delivered so far: picks the connection of the next one. */
  private delivered = 0;
  private readonly hanging = new Set<ServerResponse>();
  private readonly wss: WebSocketServer;
  private connectionCount = 0;
  private readonly windows = new EnforcedWindows();
  /** chat.postMessage calls answered 429 because they went over `rateLimits`. */
  rateLimitedPosts = 0;

  protected constructor(
    private readonly server: Server,
    private readonly options: ResolvedSlackOptions,
  ) {
    this.wss = new WebSocketServer({ server, path: '/link/' });
    this.wss.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('message', (data) => {
        try {
          this.acks.push(JSON.parse(data.toString()) as SocketAck);
        } catch {
          // Not an ack; the real server ignores garbage too.
        }
      });
      socket.send(
        JSON.stringify({
          type: 'hello',
          num_connections: this.sockets.size,
          connection_info: { app_id: 'A0REEWATCH' },
          debug_info: { host: 'fake-applink', approximate_connection_time: 3600 },
        }),
      );
    });
  }

  static start(options: FakeSlackOptions = {}): Promise<FakeSlackServer> {
    return FakeSlackServer.listen(options, (server, resolved) => new FakeSlackServer(server, resolved));
  }

  /** Starts a fake made by `make` (this class, or a test's subclass of it) on a loopback port. */
  protected static async listen<T extends FakeSlackServer>(
    options: FakeSlackOptions,
    make: (server: Server, options: ResolvedSlackOptions) => T,
  ): Promise<T> {
    const server = createServer();
    const fake = make(server, {
      botToken: options.botToken ?? 'xoxb-fake-bot-token',
      appToken: options.appToken ?? 'xapp-fake-app-token',
      teamId: options.teamId ?? 'T0FAKE',
      rateLimits: options.rateLimits,
    });
    server.on('request', (req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The value for SLACK_API_URL. */
  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  /** A fresh response_url pointing at this fake. */
  responseUrl(id: string = randomUUID()): string {
    return `${this.url}/commands/${this.options.teamId}/${id}`;
  }

  /**
   * A canned answer for the next call of a step instead of Slack's behaviour; undefined to behave as
   * Slack. The demo's Slack never has one; the tests' one injects faults here.
   */
  protected cannedAnswer(_step: AnsweredStep): FakeAnswer | undefined {
    return undefined;
  }

  /** The Slack error auth.test answers with (so start-up fails), if any. */
  protected authFailure(): string | undefined {
    return undefined;
  }

  /** Files shared in a channel by files.completeUploadExternal, in order. */
  sharedFiles(): (FakeUpload & { shared: NonNullable<FakeUpload['shared']> })[] {
    return this.uploads.filter(
      (upload): upload is FakeUpload & { shared: NonNullable<FakeUpload['shared']> } =>
        Boolean(upload.shared),
    );
  }

  /** How many Socket Mode connections were opened with apps.connections.open. */
  get socketConnections(): number {
    return this.connectionCount;
  }

  /** Socket Mode WebSockets open right now. */
  get openSockets(): number {
    return this.sockets.size;
  }

  methods(): string[] {
    return this.calls.map((call) => call.method);
  }

  /** Polls until `read` returns something, or fails with what was recorded. */
  async waitFor<T>(read: () => T | undefined | false, what: string, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const value = read();
      if (value !== undefined && value !== false) return value;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error(
      `fake Slack: timed out waiting for ${what}; calls: ${this.methods().join(', ') || 'none'}; ` +
        `responses: ${this.responses.length}; acks: ${JSON.stringify(this.acks)}`,
    );
  }

  /**
   * Delivers a slash command over Socket Mode as Slack does, and waits for its acknowledgement. With
   * several connections open (several replicas), each envelope goes to one of them, never to all:
   * taken in turn here, so that a test sees every connection used.
   */
  async sendSlashCommand(payload: Record<string, string>): Promise<SocketAck> {
    const socket = await this.waitFor(() => {
      const open = [...this.sockets];
      return open.length > 0 ? open[this.delivered++ % open.length] : undefined;
    }, 'a Socket Mode connection');
    const envelopeId = randomUUID();
    this.envelopes.push(envelopeId);
    socket.send(
      JSON.stringify({
        envelope_id: envelopeId,
        type: 'slash_commands',
        accepts_response_payload: true,
        payload,
      }),
    );
    return this.waitFor(
      () => this.acks.find((ack) => ack.envelope_id === envelopeId),
      `the ack of envelope ${envelopeId}`,
      3_000,
    );
  }

  /** A slash command payload as Slack sends it, with response_url pointing here. */
  slashCommand(text: string, overrides: Record<string, string> = {}): Record<string, string> {
    return {
      token: 'legacy-verification-token',
      team_id: this.options.teamId,
      team_domain: 'ree-test',
      channel_id: 'C0ALERTS',
      channel_name: 'rare-earths',
      user_id: 'U0ALICE',
      user_name: 'alice',
      command: '/ree',
      text,
      api_app_id: 'A0REEWATCH',
      is_enterprise_install: 'false',
      response_url: this.responseUrl(),
      trigger_id: '1337.42.abcdef',
      ...overrides,
    };
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    for (const socket of this.sockets) socket.terminate();
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const bytes = await readBytes(req);
    const raw = bytes.toString('utf8');
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const json = (status: number, body: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
      res.end(JSON.stringify(body));
    };
    let postedThenHang = false;
    /** Plays the next canned answer of a step; true when it answered (or is hanging). */
    const answered = (step: AnsweredStep): boolean => {
      const answer = this.cannedAnswer(step);
      if (!answer) return false;
      if ('postThenHang' in answer) {
        postedThenHang = true;
        return false;
      }
      if ('hang' in answer) this.hanging.add(res);
      else if ('rateLimited' in answer)
        json(
          429,
          { ok: false, error: 'ratelimited' },
          { 'retry-after': String(answer.rateLimited.retryAfterSeconds) },
        );
      else if ('status' in answer) json(answer.status, { ok: false, error: 'fatal_error' });
      else json(200, { ok: false, error: answer.error });
      return true;
    };

    if (req.method === 'POST' && path.startsWith('/upload/')) {
      const upload = this.uploads.find((candidate) => candidate.fileId === path.slice('/upload/'.length));
      if (!upload) return json(404, { ok: false, error: 'unknown upload' });
      if (answered('upload')) return;
      upload.bytes = bytes;
      upload.contentType = req.headers['content-type'];
      upload.authorization = req.headers.authorization;
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`OK - ${bytes.length}`);
      return;
    }

    if (req.method === 'POST' && path.startsWith('/commands/')) {
      const id = path.split('/').at(-1) ?? '';
      this.responses.push({ id, body: JSON.parse(raw) as Record<string, unknown> });
      return json(200, { ok: true });
    }
    if (req.method !== 'POST' || !path.startsWith('/api/'))
      return json(404, { ok: false, error: 'not_found' });

    const method = path.slice('/api/'.length);
    const form = Object.fromEntries(new URLSearchParams(raw));
    const authorization = req.headers.authorization;
    this.calls.push({
      method,
      form,
      authorization,
      contentType: req.headers['content-type'],
      at: Date.now(),
    });

    if (method === 'apps.connections.open') {
      if (authorization !== `Bearer ${this.options.appToken}`)
        return json(200, { ok: false, error: 'invalid_auth' });
      this.connectionCount++;
      return json(200, { ok: true, url: `${this.url.replace('http', 'ws')}/link/?ticket=${randomUUID()}` });
    }
    if (authorization !== `Bearer ${this.options.botToken}`)
      return json(200, { ok: false, error: 'invalid_auth' });
    if (method === 'auth.test') {
      const authError = this.authFailure();
      if (authError) return json(200, { ok: false, error: authError });
      return json(200, {
        ok: true,
        url: 'https://ree-test.slack.com/',
        team: 'ree test',
        user: 'ree-watch',
        team_id: this.options.teamId,
        user_id: 'U0REEBOT',
        bot_id: 'B0REEBOT',
      });
    }
    if (method === 'chat.postMessage') {
      if (answered('chat.postMessage')) return;
      const channel = form.channel ?? '';
      const limits = this.options.rateLimits;
      if (limits) {
        const verdict = this.windows.take(
          [
            { key: `channel:${channel}`, window: limits.perChannel },
            { key: 'workspace', window: limits.workspace },
          ],
          Date.now(),
        );
        if (!verdict.ok) {
          this.rateLimitedPosts++;
          const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
          return json(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(seconds) });
        }
      }
      this.posts.push({
        channel,
        text: form.text,
        blocks: form.blocks ? (JSON.parse(form.blocks) as unknown[]) : undefined,
        form,
        at: Date.now(),
      });
      if (postedThenHang) {
        this.hanging.add(res);
        return;
      }
      const ts = `${Math.floor(Date.now() / 1000)}.${String(this.posts.length).padStart(6, '0')}`;
      return json(200, { ok: true, channel, ts, message: { type: 'message', text: form.text, ts } });
    }
    if (method === 'files.getUploadURLExternal') {
      if (answered('files.getUploadURLExternal')) return;
      const length = Number(form.length);
      if (!form.filename || !Number.isInteger(length) || length <= 0)
        return json(200, { ok: false, error: 'invalid_arguments' });
      const fileId = `F0CHART${String(this.uploads.length + 1).padStart(3, '0')}`;
      this.uploads.push({ fileId, filename: form.filename, length, altText: form.alt_text });
      return json(200, { ok: true, upload_url: `${this.url}/upload/${fileId}`, file_id: fileId });
    }
    if (method === 'files.completeUploadExternal') {
      if (answered('files.completeUploadExternal')) return;
      const files = JSON.parse(form.files ?? '[]') as { id: string; title?: string }[];
      const found = files.map((file) => this.uploads.find((upload) => upload.fileId === file.id));
      // Slack completes only files whose bytes arrived, in full.
      if (found.some((upload) => !upload?.bytes || upload.bytes.length !== upload.length))
        return json(200, { ok: false, error: 'file_not_found' });
      for (const [index, upload] of found.entries()) {
        if (!upload) continue;
        upload.shared = {
          channel: form.channel_id ?? '',
          title: files[index]?.title,
          initialComment: form.initial_comment,
        };
      }
      return json(200, {
        ok: true,
        files: files.map((file) => ({ id: file.id, title: file.title ?? '' })),
      });
    }
    return json(200, { ok: false, error: 'unknown_method' });
  }
}

function readBytes(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

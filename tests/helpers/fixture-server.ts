import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';

/** One canned answer. The server plays a route's answers in order, repeating the last one. */
export type Answer = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

export interface ServeOptions {
  status?: number;
  contentType?: string;
  headers?: Record<string, string>;
  /** Compress the body on the wire. */
  encoding?: 'gzip' | 'br';
  /** Answer 304 when the request's If-None-Match carries this ETag. */
  etag?: string;
  lastModified?: string;
}

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
}

type Match = string | ((url: URL) => boolean);

const FIXTURES = new URL('../fixtures/', import.meta.url);

/** Bytes of a file under tests/fixtures. */
export function fixture(path: string): Buffer {
  return readFileSync(new URL(path, FIXTURES));
}

/**
 * A real HTTP server on loopback (port 0) that serves recorded fixtures and misbehaves on request:
 * 429 with Retry-After, 5xx then success, a body that stalls, an oversized body, an HTML error
 * page with 200, 304 Not Modified, a cut-off body. Every request is recorded.
 */
export class FixtureServer {
  readonly requests: RecordedRequest[] = [];
  private readonly routes: { match: Match; answers: Answer[]; served: number }[] = [];
  private readonly sockets = new Set<import('node:net').Socket>();

  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<FixtureServer> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const fixtureServer = new FixtureServer(server, `http://127.0.0.1:${port}`);
    server.on('request', (req, res) => void fixtureServer.handle(req, res));
    server.on('connection', (socket) => {
      fixtureServer.sockets.add(socket);
      socket.once('close', () => fixtureServer.sockets.delete(socket));
    });
    return fixtureServer;
  }

  /** Answers requests whose path (or URL, for a function) matches, in order; the last answer repeats. */
  route(match: Match, ...answers: Answer[]): this {
    this.routes.push({ match, answers, served: 0 });
    return this;
  }

  /** Requests whose path starts with `prefix`. */
  hits(prefix: string): RecordedRequest[] {
    return this.requests.filter((request) => request.url.pathname.startsWith(prefix));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push({ method: req.method ?? 'GET', url, headers: req.headers });
    const route = this.routes.find((candidate) =>
      typeof candidate.match === 'string' ? candidate.match === url.pathname : candidate.match(url),
    );
    if (!route) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`no fixture for ${url.pathname}`);
      return;
    }
    const answer = route.answers[Math.min(route.served, route.answers.length - 1)] as Answer;
    route.served++;
    await answer(req, res);
  }
}

/** A body served as given (optionally compressed, with validators that turn repeats into 304s). */
export function serve(body: string | Buffer, options: ServeOptions = {}): Answer {
  return (req, res) => {
    if (options.etag && req.headers['if-none-match'] === options.etag) {
      res.writeHead(304, { etag: options.etag }).end();
      return;
    }
    let bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const headers: Record<string, string> = {
      'content-type': options.contentType ?? 'application/json; charset=utf-8',
      ...options.headers,
    };
    if (options.etag) headers.etag = options.etag;
    if (options.lastModified) headers['last-modified'] = options.lastModified;
    if (options.encoding === 'gzip') {
      bytes = gzipSync(bytes);
      headers['content-encoding'] = 'gzip';
    } else if (options.encoding === 'br') {
      bytes = brotliCompressSync(bytes);
      headers['content-encoding'] = 'br';
    }
    headers['content-length'] = String(bytes.length);
    res.writeHead(options.status ?? 200, headers).end(bytes);
  };
}

export const json = (data: unknown, options: ServeOptions = {}): Answer =>
  serve(JSON.stringify(data), options);

/** A fixture file from tests/fixtures, served as is. */
export const file = (path: string, options: ServeOptions = {}): Answer => serve(fixture(path), options);

/** An error status with a body (JSON, text or HTML) and optional headers such as Retry-After. */
export function status(code: number, body = '', headers: Record<string, string> = {}): Answer {
  return (_req, res) => {
    res
      .writeHead(code, {
        'content-type': body.startsWith('{') ? 'application/json' : 'text/plain',
        ...headers,
      })
      .end(body);
  };
}

/** 429 Too Many Requests with Retry-After, in the Azure API Management body shape Comtrade uses. */
export const tooManyRequests = (retryAfter: string): Answer =>
  status(
    429,
    JSON.stringify({
      statusCode: 429,
      message: `Rate limit is exceeded. Try again in ${retryAfter} seconds.`,
    }),
    {
      'retry-after': retryAfter,
    },
  );

/** An HTML page with status 200: an error or anti-bot page where data was expected. */
export const htmlPage = (title: string, bodyHtml = '<p>Please try again later.</p>'): Answer =>
  serve(`<!DOCTYPE html><html><head><title>${title}</title></head><body>${bodyHtml}</body></html>`, {
    contentType: 'text/html; charset=utf-8',
  });

/** Sends the first bytes of a body, then goes silent for `stallMs` before finishing it. */
export function slowBody(body: string, stallMs: number): Answer {
  return async (_req, res) => {
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
    });
    res.write(body.slice(0, 10));
    await new Promise((resolve) => setTimeout(resolve, stallMs));
    if (!res.destroyed) res.end(body.slice(10));
  };
}

/**
 * Streams `bytes` of JSON-looking filler in 64 KiB chunks; `declareLength` sends Content-Length up
 * front (the client can refuse before reading), otherwise the size is only seen while streaming.
 */
export function oversized(bytes: number, declareLength: boolean): Answer {
  return async (_req, res) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (declareLength) headers['content-length'] = String(bytes);
    res.writeHead(200, headers);
    const chunk = Buffer.alloc(64 * 1024, 0x20);
    let sent = 0;
    while (sent < bytes && !res.destroyed) {
      const ok = res.write(chunk);
      sent += chunk.length;
      if (!ok)
        await new Promise<void>((resolve) => {
          const done = () => {
            res.off('drain', done).off('close', done);
            resolve();
          };
          res.on('drain', done).on('close', done);
        });
    }
    if (!res.destroyed) res.end();
  };
}

/** A well-formed HTTP answer whose JSON body stops halfway (what a cut-off upstream produces). */
export const truncated = (body: string, keepFraction = 0.5): Answer =>
  serve(body.slice(0, Math.floor(body.length * keepFraction)));

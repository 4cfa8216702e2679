import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Clock } from '../clock.js';
import { ComtradeRules } from './fakes/comtrade-rules.js';
import { availabilityOf, previewRows } from './render-comtrade.js';
import {
  federalRegisterAnswer,
  MOFCOM_UNIT_PATH,
  mofcomEnglishList,
  mofcomShell,
  mofcomUnit,
  newsFeed,
  placeholderArticle,
} from './render-notices.js';

/** Where the demo's news feed is served; the demo's watchlist names it. */
export const NEWS_FEED_PATH = '/feeds/rare-earth-magnets.xml';

type Body = { type: 'json'; data: unknown } | { type: 'html' | 'rss'; text: string };

const CONTENT_TYPES = {
  json: 'application/json; charset=utf-8',
  html: 'text/html; charset=utf-8',
  rss: 'application/rss+xml; charset=utf-8',
} as const;

/**
 * The bundled snapshot on loopback, in the wire shapes of UN Comtrade, MOFCOM, the Federal Register
 * and an RSS feed, one port for all of them (every source's base URL points here). It answers as
 * the real services did on the demo clock's date, so each month and notice appears when it was
 * published; ETags make an unchanged answer a 304, as with the real services.
 */
export class SnapshotServer {
  /** Requests answered, by path, for the curious (and the tests). */
  readonly hits = new Map<string, number>();
  private readonly sockets = new Set<Socket>();
  /** UN Comtrade's preview as it really answers: one month a request, about one request a second. */
  readonly comtrade: ComtradeRules;

  private constructor(
    private readonly server: Server,
    private readonly clock: Clock,
  ) {
    this.comtrade = new ComtradeRules({ clock });
  }

  static async start(clock: Clock): Promise<SnapshotServer> {
    const server = createServer();
    const snapshot = new SnapshotServer(server, clock);
    server.on('request', (req, res) => snapshot.handle(req, res));
    server.on('connection', (socket) => {
      snapshot.sockets.add(socket);
      socket.once('close', () => snapshot.sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    return snapshot;
  }

  /** http://127.0.0.1:<port>, the base URL of every source in the demo. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    this.hits.set(url.pathname, (this.hits.get(url.pathname) ?? 0) + 1);
    const now = this.clock.now();
    const comtrade =
      req.method === 'GET'
        ? this.comtrade.answer(
            url,
            req.headers,
            (query) => previewRows(query, now),
            (reporter) => availabilityOf(reporter, now),
          )
        : undefined;
    if (comtrade && comtrade.status !== 200) {
      res.writeHead(comtrade.status, { 'content-type': CONTENT_TYPES.json, ...comtrade.headers });
      res.end(JSON.stringify(comtrade.body));
      return;
    }
    const body: Body | undefined = comtrade
      ? { type: 'json', data: comtrade.body }
      : req.method === 'GET'
        ? this.answer(url)
        : undefined;
    if (!body) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`the ree-watch demo snapshot has nothing at ${url.pathname}\n`);
      return;
    }
    const bytes = Buffer.from(body.type === 'json' ? JSON.stringify(body.data) : body.text, 'utf8');
    const etag = `"${createHash('sha256').update(bytes).digest('base64url').slice(0, 27)}"`;
    if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag });
      res.end();
      return;
    }
    res.writeHead(200, {
      'content-type': CONTENT_TYPES[body.type],
      'content-length': String(bytes.length),
      etag,
    });
    res.end(bytes);
  }

  private answer(url: URL): Body | undefined {
    const now = this.clock.now();
    const path = url.pathname;
    const query = url.searchParams;
    if (path === '/zwgk/zcfb/index.html') return { type: 'html', text: mofcomShell() };
    if (path === MOFCOM_UNIT_PATH) return { type: 'json', data: mofcomUnit(now) };
    if (path === '/Policies/AnnouncementsOrders/index.html')
      return { type: 'html', text: mofcomEnglishList(now) };
    if (path === '/api/v1/documents.json') return { type: 'json', data: federalRegisterAnswer(query, now) };
    if (path === NEWS_FEED_PATH) return { type: 'rss', text: newsFeed(url.toString(), now) };
    const placeholder = placeholderArticle(path);
    return placeholder ? { type: 'html', text: placeholder } : undefined;
  }
}

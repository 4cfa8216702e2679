import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../logger.js';

export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

interface Route {
  method: string;
  path: string;
  listener: RequestListener;
}

/**
 * The service's one HTTP server: /healthz, /metrics, and whatever adapters mount (Slack's
 * /slack/events). Anything else is a 404 once the service has started, and a 503 before (the
 * adapters mount their routes after the server listens); a throwing handler is a logged 500, never a crash.
 */
export class HttpServer {
  private readonly routes: Route[] = [];
  private readonly server: Server;
  private started = false;

  constructor(private readonly logger: Logger) {
    this.server = createServer((req, res) => void this.handle(req, res));
    // Slow clients must not hold sockets forever.
    this.server.requestTimeout = 30_000;
    this.server.headersTimeout = 10_000;
    this.server.keepAliveTimeout = 5_000;
  }

  route(method: string, path: string, listener: RequestListener): this {
    if (this.routes.some((route) => route.method === method && route.path === path)) {
      throw new Error(`${method} ${path} is already routed`);
    }
    this.routes.push({ method, path, listener });
    return this;
  }

  /** Every route is mounted: a path not routed is now not found rather than not yet there. */
  ready(): void {
    this.started = true;
  }

  async listen(port: number, host: string): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeIdleConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const candidates = this.routes.filter((route) => route.path === path);
    const route = candidates.find((candidate) => candidate.method === req.method);
    if (!route && !this.started && candidates.length === 0) {
      // A Slack command in the first moments after a (re)start: its route is not mounted yet.
      res
        .writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' })
        .end(JSON.stringify({ error: 'starting' }));
      return;
    }
    if (!route) {
      const status = candidates.length > 0 ? 405 : 404;
      res
        .writeHead(status, { 'content-type': 'application/json' })
        .end(JSON.stringify({ error: status === 405 ? 'method not allowed' : 'not found' }));
      return;
    }
    try {
      await route.listener(req, res);
    } catch (error) {
      this.logger.error({ err: error, method: req.method, path }, 'HTTP handler failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'internal error' }));
    }
  }
}

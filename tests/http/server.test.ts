import { afterEach, describe, expect, it } from 'vitest';
import { HttpServer } from '../../src/http/server.js';
import { silentLogger } from '../../src/logger.js';

const servers: HttpServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await server.close();
});

async function listening(): Promise<{ server: HttpServer; url: (path: string) => string }> {
  const server = new HttpServer(silentLogger());
  servers.push(server);
  server.route('GET', '/healthz', (_req, res) => void res.writeHead(200).end('ok'));
  const port = await server.listen(0, '127.0.0.1');
  return { server, url: (path) => `http://127.0.0.1:${port}${path}` };
}

describe('HttpServer while the service starts', () => {
  it('answers 503 with Retry-After for a path not mounted yet (a Slack command during a restart), 404 once started', async () => {
    const { server, url } = await listening();

    const early = await fetch(url('/slack/events'), { method: 'POST', body: 'command=/ree' });
    expect(early.status).toBe(503);
    expect(early.headers.get('retry-after')).toBe('1');
    expect(await early.json()).toEqual({ error: 'starting' });

    server.ready();
    const late = await fetch(url('/slack/events'), { method: 'POST', body: 'command=/ree' });
    expect(late.status).toBe(404);
    expect(await late.json()).toEqual({ error: 'not found' });
  });

  it('serves the routes it has (health checks) and refuses a wrong method with 405 before it has started', async () => {
    const { url } = await listening();

    const health = await fetch(url('/healthz'));
    expect(health.status).toBe(200);
    expect(await health.text()).toBe('ok');
    expect((await fetch(url('/healthz'), { method: 'DELETE' })).status).toBe(405);
  });
});

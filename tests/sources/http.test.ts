import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../../src/sources/types.js';
import { isPrivateAddress } from '../../src/sources/url-guard.js';
import { VERSION } from '../../src/version.js';
import { json, oversized, serve, slowBody, status, tooManyRequests } from '../helpers/fixture-server.js';
import { useHttpFixtures } from '../helpers/http-client.js';

const fixtures = useHttpFixtures();

async function failure(promise: Promise<unknown>): Promise<SourceError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(SourceError);
  return error as SourceError;
}

describe('HTTP layer', () => {
  it('identifies itself, asks for compression and decodes gzip and br bodies', async () => {
    const server = await fixtures.server();
    server.route('/gzip', json({ hello: 'gzip' }, { encoding: 'gzip' }));
    server.route('/br', json({ hello: 'br' }, { encoding: 'br' }));
    const { http } = await fixtures.client();
    const session = http.session('test');
    for (const name of ['gzip', 'br']) {
      const response = await session.get(`${server.url}/${name}`);
      expect(response.notModified).toBe(false);
      if (!response.notModified) expect(JSON.parse(response.body.toString())).toEqual({ hello: name });
    }
    const headers = server.requests[0]?.headers ?? {};
    expect(headers['user-agent']).toContain(`ree-watch/${VERSION}`);
    expect(headers['accept-encoding']).toMatch(/gzip.*br/);
  });

  it('waits as long as Retry-After says after a 429, then succeeds', async () => {
    const server = await fixtures.server();
    server.route('/data', tooManyRequests('7'), json({ ok: true }));
    const { http, clock } = await fixtures.client();
    const response = await http.session('comtrade').get(`${server.url}/data`);
    expect(response.notModified).toBe(false);
    expect(clock.sleeps).toEqual([7_000]);
    expect(server.hits('/data')).toHaveLength(2);
  });

  it('waits as long as a 429 without Retry-After says in words ("Try again in 4 seconds")', async () => {
    const server = await fixtures.server();
    const words = JSON.stringify({
      statusCode: 429,
      message: 'Rate limit is exceeded. Try again in 4 seconds.',
    });
    server.route('/data', status(429, words), json({ ok: true }));
    const { http, clock } = await fixtures.client();
    await http.session('comtrade').get(`${server.url}/data`);
    expect(clock.sleeps).toEqual([4_000]);
  });

  it('retries a 503 with backoff and returns the answer that follows', async () => {
    const server = await fixtures.server();
    server.route('/data', status(503, 'upstream down'), status(502), json({ ok: true }));
    const { http, clock } = await fixtures.client();
    const response = await http.session('census').get(`${server.url}/data`);
    expect(response.notModified).toBe(false);
    expect(clock.sleeps).toEqual([2_000, 4_000]);
  });

  it('gives up after the bounded retries with an error naming the source, the status and the body', async () => {
    const server = await fixtures.server();
    server.route('/data', status(503, '{"statusCode":503,"message":"Service Unavailable"}'));
    const { http, clock } = await fixtures.client();
    const error = await failure(http.session('census').get(`${server.url}/data`));
    expect(error.kind).toBe('http-status');
    expect(error.status).toBe(503);
    expect(error.message).toMatch(/^census: answered HTTP 503: Service Unavailable \(http:\/\/127\.0\.0\.1/);
    expect(server.hits('/data')).toHaveLength(4);
    expect(clock.sleeps).toEqual([2_000, 4_000, 8_000]);
  });

  it('does not sit out a long Retry-After: it fails at once and says when to come back', async () => {
    const server = await fixtures.server();
    server.route('/data', tooManyRequests('3600'));
    const { http, clock } = await fixtures.client();
    const error = await failure(http.session('comtrade').get(`${server.url}/data`));
    expect(error.kind).toBe('rate-limited');
    expect(error.retryAt).toBe(clock.now() + 3_600_000);
    expect(server.hits('/data')).toHaveLength(1);
  });

  it('does not retry a 4xx other than 429', async () => {
    const server = await fixtures.server();
    server.route(
      '/data',
      status(401, '{ "statusCode": 401, "message": "Access denied due to missing subscription key." }'),
    );
    const { http } = await fixtures.client();
    const error = await failure(http.session('comtrade').get(`${server.url}/data`));
    expect(error.message).toContain('answered HTTP 401: Access denied due to missing subscription key.');
    expect(server.hits('/data')).toHaveLength(1);
  });

  it('stops a body that stalls past the body timeout', async () => {
    const server = await fixtures.server();
    server.route('/slow', slowBody(JSON.stringify({ data: 'x'.repeat(100) }), 3_000));
    const { http } = await fixtures.client({ limits: { bodyTimeoutMs: 200, maxRetries: 1 } });
    const error = await failure(http.session('mofcom').get(`${server.url}/slow`));
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('stalled');
    expect(server.hits('/slow')).toHaveLength(2);
  });

  it('refuses a declared 2 GB answer before reading it', async () => {
    const server = await fixtures.server();
    server.route('/huge', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(2 * 1024 ** 3) });
      res.write('{"data":[');
    });
    const { http } = await fixtures.client();
    const error = await failure(http.session('census').get(`${server.url}/huge`));
    expect(error.kind).toBe('too-large');
    expect(error.message).toContain('2048 MiB, more than the 25 MiB limit');
  });

  it('stops streaming an undeclared oversized answer at the limit instead of buffering it', async () => {
    const server = await fixtures.server();
    let sent = 0;
    const stream = oversized(200 * 1024 * 1024, false);
    server.route('/huge', async (req, res) => {
      const write = res.write.bind(res);
      res.write = ((chunk: Buffer) => {
        sent += chunk.length;
        return write(chunk);
      }) as typeof res.write;
      await stream(req, res);
    });
    const { http } = await fixtures.client({ limits: { maxBodyBytes: 1024 * 1024 } });
    const error = await failure(http.session('rss').get(`${server.url}/huge`));
    expect(error.kind).toBe('too-large');
    expect(sent).toBeLessThan(50 * 1024 * 1024);
  });

  it('treats a corrupt gzip body as malformed', async () => {
    const server = await fixtures.server();
    const cut = gzipSync(Buffer.from(JSON.stringify({ data: 'y'.repeat(5000) }))).subarray(0, 40);
    server.route('/bad', serve(cut, { headers: { 'content-encoding': 'gzip' } }));
    const { http } = await fixtures.client();
    const error = await failure(http.session('census').get(`${server.url}/bad`));
    expect(error.kind).toBe('malformed');
    expect(error.message).toContain('gzip body is corrupt or cut off');
  });

  it('uses ETags only once the answer was stored, then gets 304s that cost nothing', async () => {
    const server = await fixtures.server();
    server.route('/feed', serve('<rss/>', { etag: '"v1"', contentType: 'application/rss+xml' }));
    const { http, storage } = await fixtures.client();
    const first = http.session('rss');
    await first.get(`${server.url}/feed`);
    // Not committed (say the answer failed validation): the next poll must download again.
    const second = http.session('rss');
    expect((await second.get(`${server.url}/feed`)).notModified).toBe(false);
    await second.commit(storage.httpCache, 0);
    const third = await http.session('rss').get(`${server.url}/feed`);
    expect(third.notModified).toBe(true);
    expect(server.requests.map((request) => request.headers['if-none-match'])).toEqual([
      undefined,
      undefined,
      '"v1"',
    ]);
  });

  it('without ETags, knows an answer identical to the last one stored, once it was stored', async () => {
    let body = '{"data":[1,2,3]}';
    const server = await fixtures.server();
    server.route('/data', (req, res) => json(JSON.parse(body))(req, res));
    const { http, storage } = await fixtures.client();
    const get = async (commit: boolean) => {
      const session = http.session('comtrade');
      const response = await session.get(`${server.url}/data`, {
        conditional: false,
        sameBodyIsNotModified: { scope: 'USD' },
      });
      if (commit) await session.commit(storage.httpCache, 0);
      return response.notModified;
    };
    // Not committed (the answer failed validation): the same body must be read again.
    expect(await get(false)).toBe(false);
    expect(await get(true)).toBe(false);
    expect(await get(true)).toBe(true);
    body = '{"data":[1,2,4]}';
    expect(await get(true)).toBe(false);
    expect(await get(true)).toBe(true);
    expect(server.requests).toHaveLength(5);
  });

  it('follows redirects', async () => {
    const server = await fixtures.server();
    server.route('/old', status(301, '', { location: '/new' }));
    server.route('/new', json({ moved: true }));
    const { http } = await fixtures.client();
    const response = await http.session('rss').get(`${server.url}/old`);
    expect(response.notModified === false && response.url).toBe(`${server.url}/new`);
  });

  it('keeps API keys out of error messages', async () => {
    const server = await fixtures.server();
    server.route('/fail', status(400, 'bad request'));
    const { http } = await fixtures.client();
    const error = await failure(
      http.session('census').get(`${server.url}/fail?get=X&key=SECRET-CENSUS-KEY-123`),
    );
    expect(error.message).not.toContain('SECRET-CENSUS-KEY-123');
    expect(error.message).toContain('key=[REDACTED]');
  });

  it('keeps out the keys an error page quotes back, before its text is cut short', async () => {
    const server = await fixtures.server();
    // An Express-style 404 quoting the whole URL, and a gateway naming the key header it refused.
    server.route('/quote-url', (req, res) =>
      status(404, `<!DOCTYPE html><html><body><pre>Cannot GET ${req.url}</pre></body></html>`)(req, res),
    );
    server.route('/quote-header', (req, res) =>
      status(401, JSON.stringify({ message: `key ${String(req.headers['x-api-key'])} is not valid` }))(
        req,
        res,
      ),
    );
    const { http } = await fixtures.client();
    const padding = 'x'.repeat(120);
    const quotedUrl = await failure(
      http.session('census').get(`${server.url}/quote-url?get=${padding}&key=SECRET-CENSUS-KEY-456789`),
    );
    const quotedHeader = await failure(
      http
        .session('comtrade')
        .get(`${server.url}/quote-header`, { headers: { 'x-api-key': 'SECRET-HEADER-KEY-987654' } }),
    );
    expect(quotedUrl.detail).toMatch(/^answered HTTP 404: Cannot GET \/quote-url\?get=x+/);
    expect(quotedHeader.detail).toBe('answered HTTP 401: key [REDACTED] is not valid');
    for (const secret of ['SECRET-CENSUS-KEY-456789', 'SECRET-HEADER-KEY-987654'])
      for (const part of [secret, secret.slice(0, 10), secret.slice(-8)])
        expect(quotedUrl.message + quotedHeader.message).not.toContain(part);
  });
});

describe('per-host request budget', () => {
  it('waits for the minute window when the per-minute budget is used up', async () => {
    const server = await fixtures.server();
    server.route('/data', json({ ok: true }));
    const host = new URL(server.url).host;
    const { http, clock } = await fixtures.client({ budgets: { [host]: { perMinute: 2, perDay: 100 } } });
    const session = http.session('comtrade');
    for (let i = 0; i < 3; i++) await session.get(`${server.url}/data`);
    expect(server.hits('/data')).toHaveLength(3);
    expect(clock.sleeps).toEqual([60_001]);
  });

  it("keeps a host's pace: each request at least minIntervalMs after the one before", async () => {
    const server = await fixtures.server();
    server.route('/data', json({ ok: true }));
    const host = new URL(server.url).host;
    const { http, clock } = await fixtures.client({
      budgets: { [host]: { perMinute: 100, perDay: 100, minIntervalMs: 1_100 } },
    });
    const session = http.session('comtrade');
    for (let i = 0; i < 3; i++) await session.get(`${server.url}/data`);
    expect(clock.sleeps).toEqual([1_100, 1_100]);
    expect(await http.budget.remainingToday(host)).toBe(97);
  });

  it('refuses once the daily budget is spent, even for a new client on the same database, and says until when', async () => {
    const server = await fixtures.server();
    server.route('/data', json({ ok: true }));
    const host = new URL(server.url).host;
    const budgets = { [host]: { perMinute: 100, perDay: 3 } };
    const { http, clock, storage } = await fixtures.client({ budgets });
    for (let i = 0; i < 3; i++) await http.session('comtrade').get(`${server.url}/data`);
    const started = clock.now();
    const again = await fixtures.client({ storage, clock, budgets });
    const error = await failure(again.http.session('comtrade').get(`${server.url}/data`));
    expect(error.kind).toBe('budget-exhausted');
    expect(error.message).toContain(`the daily budget of 3 requests to ${host} is used up`);
    expect(error.retryAt).toBe(started + 86_400_000);
    expect(server.hits('/data')).toHaveLength(3);
  });

  it('counts requests another process logs while a poll is under way (the service beside `ree-watch poll`)', async () => {
    const server = await fixtures.server();
    server.route('/data', json({ ok: true }));
    const host = new URL(server.url).host;
    const budgets = { [host]: { perMinute: 100, perDay: 4 } };
    const service = await fixtures.client({ budgets });
    const cli = await fixtures.client({ storage: service.storage, clock: service.clock, budgets });
    await service.http.session('comtrade').get(`${server.url}/data`);
    for (let i = 0; i < 2; i++) await cli.http.session('comtrade').get(`${server.url}/data`);
    await service.http.session('comtrade').get(`${server.url}/data`);
    const error = await failure(service.http.session('comtrade').get(`${server.url}/data`));
    expect(error.kind).toBe('budget-exhausted');
    expect(server.hits('/data')).toHaveLength(4);
  });

  it('frees the daily budget a day after the oldest request, one request at a time', async () => {
    const server = await fixtures.server();
    server.route('/data', json({ ok: true }));
    const host = new URL(server.url).host;
    const { http, clock } = await fixtures.client({ budgets: { [host]: { perMinute: 100, perDay: 2 } } });
    const session = http.session('comtrade');
    await session.get(`${server.url}/data`);
    clock.advance(3_600_000);
    await session.get(`${server.url}/data`);
    clock.advance(86_400_000 - 3_600_000 - 1);
    expect((await failure(session.get(`${server.url}/data`))).retryAt).toBe(clock.now() + 1);
    clock.advance(1);
    await session.get(`${server.url}/data`);
    expect((await failure(session.get(`${server.url}/data`))).kind).toBe('budget-exhausted');
    expect(server.hits('/data')).toHaveLength(3);
  });
});

describe('user-supplied URLs', () => {
  it('refuses loopback and private addresses unless ALLOW_PRIVATE_URLS is set', async () => {
    const server = await fixtures.server();
    server.route('/feed', serve('<rss/>', { contentType: 'application/rss+xml' }));
    const strict = await fixtures.client({ allowPrivateUrls: false });
    for (const url of [
      `${server.url}/feed`,
      'http://localhost:1/feed',
      'http://169.254.169.254/latest/meta-data',
    ]) {
      const error = await failure(strict.http.session('rss').get(url, { untrusted: true }));
      expect(error.kind).toBe('blocked');
      expect(error.message).toContain('ALLOW_PRIVATE_URLS');
    }
    expect(server.requests).toHaveLength(0);
    const relaxed = await fixtures.client({ allowPrivateUrls: true });
    expect(
      (await relaxed.http.session('rss').get(`${server.url}/feed`, { untrusted: true })).notModified,
    ).toBe(false);
  });

  it('recognises private, link-local, metadata and mapped addresses', async () => {
    for (const address of [
      '127.0.0.1',
      '10.1.2.3',
      '172.20.0.1',
      '192.168.1.1',
      '169.254.169.254',
      '::1',
      'fd00::1',
      'fe80::1',
      '::ffff:10.0.0.1',
      '0.0.0.0',
    ]) {
      expect(isPrivateAddress(address), address).toBe(true);
    }
    for (const address of ['8.8.8.8', '151.101.1.69', '2606:4700::6810:85e5']) {
      expect(isPrivateAddress(address), address).toBe(false);
    }
  });
});

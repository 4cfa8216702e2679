import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { availability, envelope, magnetMonths, monthlyRecord } from '../../helpers/comtrade-answers.js';
import {
  type Answer,
  fixture,
  htmlPage,
  json,
  oversized,
  serve,
  status,
  tooManyRequests,
  truncated,
} from '../../helpers/fixture-server.js';
import { seededRandom } from './chaos.js';
import { COMTRADE, keyed } from './scenario.js';
import { dgftTable, PATHS } from './sources.js';

type Match = string | ((url: URL) => boolean);
export type PolledSource = 'comtrade' | 'census' | 'federal-register' | 'mofcom' | 'dgft' | 'rss';

/** One bad answer: the routes that misbehave (ahead of the good ones) and the error a user must read. */
export interface SourceFault {
  name: string;
  source: PolledSource;
  routes: [Match, Answer][];
  error: RegExp;
}

const months = () => magnetMonths(Date.now()).slice(-12);
/** The availability list announcing a new release, so Comtrade's data is fetched again. */
const republished = (): [Match, Answer] => [
  COMTRADE.availability,
  keyed(
    json(
      availability(
        156,
        months().map((m) => m.month),
        '2026-11-25T08:00:00.0000000',
      ),
    ),
  ),
];
const comtrade = (name: string, answer: Answer, error: RegExp): SourceFault => ({
  name: `comtrade: ${name}`,
  source: 'comtrade',
  routes: [republished(), [COMTRADE.data, keyed(answer)]],
  error,
});
const records = (change: (record: Record<string, unknown>, index: number) => void): unknown =>
  envelope(
    months().map((m, index) => {
      const record = monthlyRecord(m);
      change(record, index);
      return record;
    }),
  );

/** Seeded random bytes that look like nothing (no HTML, no JSON), with a JSON content type. */
function garbage(bytes: number): Answer {
  const random = seededRandom(bytes);
  const body = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) body[i] = Math.floor(random() * 256);
  return serve(body, { contentType: 'application/json' });
}

/** Headers at once, then one byte a second for as long as the client keeps listening. */
const slowLoris: Answer = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000000' });
  res.write('{');
  const timer = setInterval(() => {
    if (res.destroyed) clearInterval(timer);
    else res.write(' ');
  }, 1_000);
  res.on('close', () => clearInterval(timer));
};

/** The connection is reset (RST) before any answer: what a failed TLS handshake or a dropping proxy does. */
const resetOnConnect: Answer = (req: IncomingMessage) => {
  req.socket.resetAndDestroy();
};

/** Half an answer, then a reset. */
const resetMidBody: Answer = (req: IncomingMessage, res: ServerResponse) => {
  const body = JSON.stringify(records(() => {}));
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
  });
  res.write(body.slice(0, 2_000), () => req.socket.resetAndDestroy());
};

/** 302 to itself, forever. */
const redirectLoop: Answer = (req, res) => {
  res.writeHead(302, { location: req.url ?? '/' }).end();
};

const corruptGzip: Answer = (_req, res) => {
  const body = gzipSync(Buffer.from(JSON.stringify(records(() => {}))));
  const cut = body.subarray(0, Math.floor(body.length / 2));
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-encoding': 'gzip',
    'content-length': String(cut.length),
  });
  res.end(cut);
};

const REGISTER_BOT_BLOCK = htmlPage(
  'Federal Register :: Request Access',
  '<p>Due to aggressive automated scraping of FederalRegister.gov and eCFR.gov, programmatic access to these sites is limited</p>',
);

/** The corpus: at least 20 ways a source answers badly, across every polled source. */
export const SOURCE_FAULTS: SourceFault[] = [
  comtrade(
    'an HTML error page served with 200',
    htmlPage('503 Service Temporarily Unavailable'),
    /answered with an HTML page titled "503 Service Temporarily Unavailable" instead of JSON/,
  ),
  comtrade('truncated JSON', truncated(JSON.stringify(records(() => {}))), /not valid JSON/),
  comtrade(
    'wrong types in every row (figures as formatted strings)',
    json(
      records((record) => {
        record.primaryValue = `${String(record.primaryValue)} USD`;
        record.refMonth = 'June';
      }),
    ),
    /none of the 12 rows could be used \(12 × row does not match the Comtrade record schema/,
  ),
  comtrade(
    'the wrong envelope (data is an object, count a string)',
    json({ elapsedTime: '0.1 secs', count: 'twelve', data: { rows: [] } }),
    /not a Comtrade data answer \(count: .*data:/,
  ),
  // An empty data array in a published month is "no trade recorded" (Comtrade leaves out zero rows),
  // not a fault; `data: null` with the server's reason is one.
  comtrade(
    'data null with the reason in error',
    json({ elapsedTime: '0.0 secs', count: 0, data: null, error: 'Invalid value for parameter period' }),
    /Comtrade reported an error: Invalid value for parameter period/,
  ),
  comtrade(
    'negative figures',
    json(
      records((record) => {
        record.primaryValue = -Math.abs(Number(record.primaryValue));
      }),
    ),
    /none of the 12 rows could be used \(12 × absurd value\)/,
  ),
  comtrade(
    'absurd figures (10¹⁶ USD in a month)',
    json(
      records((record) => {
        record.primaryValue = 9.9e15;
      }),
    ),
    /none of the 12 rows could be used \(12 × absurd value\)/,
  ),
  comtrade('10 MB of random bytes', garbage(10 * 1024 * 1024), /the answer is not valid JSON/),
  comtrade(
    'a slow-loris body (one byte a second)',
    slowLoris,
    /the request took longer than 120 s|the answer stalled/,
  ),
  comtrade(
    'the wrong content type (a PDF)',
    serve(Buffer.concat([Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'), Buffer.alloc(2048, 7)]), {
      contentType: 'application/pdf',
    }),
    /the answer is not valid JSON/,
  ),
  comtrade('a redirect loop', redirectLoop, /more than 5 redirects/),
  comtrade('a connection reset before any answer', resetOnConnect, /network error/),
  comtrade('a connection reset halfway through the body', resetMidBody, /network error/),
  comtrade(
    'HTTP 500 on every retry',
    status(500, '<html><head><title>500 Internal Server Error</title></head></html>'),
    /answered HTTP 500: an HTML page titled "500 Internal Server Error"/,
  ),
  comtrade(
    'an error reported inside a 200 answer',
    json({ elapsedTime: '0.0 secs', count: 0, data: [], error: 'Invalid period format' }),
    /Comtrade reported an error: Invalid period format/,
  ),
  comtrade('a corrupt gzip body', corruptGzip, /the gzip body is corrupt or cut off/),
  comtrade('an empty 200 body', serve('', { contentType: 'application/json' }), /empty body instead of JSON/),
  comtrade(
    'a declared 2 GB answer',
    (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(2 * 1024 ** 3) });
      res.end();
    },
    /the answer is 2048 MiB, more than the 25 MiB limit/,
  ),
  comtrade('30 MB streamed without a length', oversized(30 * 1024 * 1024, false), /passed the 25 MiB limit/),
  comtrade(
    '429 asking to come back tomorrow',
    tooManyRequests('86400'),
    /answered HTTP 429: Rate limit is exceeded/,
  ),
  comtrade(
    'cut-off JSON carrying terminal escapes and a mention',
    // JSON.parse quotes the text around the error, so its message would carry these to the terminal.
    serve('{"data": [1,\n\u001b[2J\u001b[31m<!here>\u202E\u0007]}', { contentType: 'application/json' }),
    /not valid JSON/,
  ),
  {
    name: 'census: an HTML page with 200 (invalid key)',
    source: 'census',
    routes: [[PATHS.censusExports, htmlPage('Invalid Key', '<h1>Invalid Key</h1>')]],
    error:
      /the Census API refused the key in CENSUS_API_KEY \("Invalid Key"\); check it, or get a new one free at/,
  },
  {
    name: 'census: an object instead of a table',
    source: 'census',
    routes: [[PATHS.censusExports, json({ error: 'error: unknown variable ALL_VAL_MO' })]],
    error: /not a Census table/,
  },
  {
    name: 'census: a header row and no data',
    source: 'census',
    routes: [[PATHS.censusExports, json([['ALL_VAL_MO', 'COMM_LVL', 'E_COMMODITY', 'CTY_CODE', 'time']])]],
    error: /no rows for 2710121510/,
  },
  {
    name: 'federal-register: the bot-block page with 200',
    source: 'federal-register',
    routes: [[PATHS.registerPage1, REGISTER_BOT_BLOCK]],
    error: /HTML page titled "Federal Register :: Request Access"/,
  },
  {
    name: 'federal-register: a count without results',
    source: 'federal-register',
    routes: [[PATHS.registerPage1, json({ count: 3, description: 'Documents' })]],
    error: /count is 3 but there are no results/,
  },
  {
    name: 'mofcom: the anti-bot check instead of every list',
    source: 'mofcom',
    routes: [
      [PATHS.mofcomShell, serve(fixture('mofcom/anti-bot-challenge.html'), { contentType: 'text/html' })],
      [PATHS.mofcomUnit, serve(fixture('mofcom/anti-bot-challenge.html'), { contentType: 'text/html' })],
      [PATHS.mofcomEnglish, serve(fixture('mofcom/anti-bot-challenge.html'), { contentType: 'text/html' })],
    ],
    error: /mofcom: .*安全验证|mofcom: .*no items/,
  },
  {
    name: 'dgft: empty tables',
    source: 'dgft',
    routes: ['notification', 'public-notice', 'trade-notice'].map((opt): [Match, Answer] => [
      dgftTable(opt),
      serve(fixture('dgft/empty-table.html'), { contentType: 'text/html' }),
    ]),
    error: /dgft: .*table/,
  },
  {
    name: 'rss: an HTML page instead of the feed',
    source: 'rss',
    routes: [[PATHS.feed, htmlPage('Just a moment...')]],
    error: /answered with an HTML page titled "Just a moment\.\.\." instead of an RSS or Atom feed/,
  },
  {
    name: 'rss: JSON instead of a feed',
    source: 'rss',
    routes: [[PATHS.feed, json({ items: [{ title: 'rare earth' }] })]],
    error: /not an RSS or Atom feed/,
  },
];

import { describe, expect, it } from 'vitest';
import { failureBackoffMs } from '../../src/pipeline/ingest.js';
import { summarizeIngest } from '../../src/pipeline/ingest-summary.js';
import { requestsFor } from '../../src/sources/requests.js';
import { parseWatchlists } from '../../src/watchlists/load.js';
import { availability, dataRoute, magnetMonths } from '../helpers/comtrade-answers.js';
import { comtradeAnswer } from '../helpers/comtrade-fixture.js';
import { file, json, status } from '../helpers/fixture-server.js';
import { useIngestHarness } from '../helpers/ingest-harness.js';

const harness = useIngestHarness();

const WATCHLISTS = `
- id: wl-a
  title: A
  kind: trade
  source: comtrade
  reporter: CN
  partner: IN
  flow: export
  hs: ["850511"]
  rules: [{ type: stale, days: 75 }]
- id: wl-b
  title: B
  kind: trade
  source: comtrade
  reporter: CHN
  partner: "699"
  flow: export
  hs: ["850511"]
  rules: [{ type: floor, below: 10 }]
- id: wl-c
  title: C
  kind: notice
  source: dgft
  match: { any: ["magnet"] }
- id: wl-d
  title: D
  kind: notice
  source: dgft
  max_age_days: 90
  match: { all: ["rare earth"] }
`;

describe('requests derived from watchlists', () => {
  it('asks once for what several watchlists share, and keeps the widest look-back', async () => {
    const requests = requestsFor(parseWatchlists(WATCHLISTS));
    expect(requests).toEqual([
      expect.objectContaining({
        kind: 'trade',
        source: 'comtrade',
        reporter: 'CN',
        partner: 'IN',
        units: ['USD'],
        watchlists: ['wl-a', 'wl-b'],
      }),
      expect.objectContaining({
        kind: 'notice',
        source: 'dgft',
        sinceDays: 90,
        watchlists: ['wl-c', 'wl-d'],
      }),
    ]);
    expect(requestsFor(parseWatchlists(WATCHLISTS), { kind: 'notice' })).toHaveLength(1);
    expect(requestsFor(parseWatchlists(WATCHLISTS), { source: 'comtrade' })).toHaveLength(1);
  });
});

describe('ingest', () => {
  function comtradeRoutes(h: Awaited<ReturnType<typeof harness>>) {
    const months = magnetMonths(h.clock.now());
    h.server.route(
      '/public/v1/getDa/C/M/HS',
      json(
        availability(
          156,
          months.map((m) => m.month),
        ),
      ),
    );
    h.server.route('/public/v1/preview/C/M/HS', dataRoute(months));
  }

  it('polls only the kind asked for, counts polls in metrics and summarises one line per series', async () => {
    const h = await harness(WATCHLISTS);
    comtradeRoutes(h);

    const report = await h.poll({ kind: 'trade' });

    expect(report.requests.map((r) => r.source)).toEqual(['comtrade']);
    expect(summarizeIngest(report)).toEqual([
      'comtrade CN→IN export 850511 USD: 12 months stored, latest 2025-06',
      'comtrade backfill: 12 of 24 months (the next polls fetch the rest, newest first)',
    ]);
    const metrics = await h.deps.metrics.render();
    expect(metrics).toMatch(/ree_polls_total\{source="comtrade",outcome="ok"\} 1/);
    await h.poll({ kind: 'trade' });
    const again = await h.poll({ kind: 'trade' });
    expect(summarizeIngest(again)).toEqual([
      'comtrade CN→IN export 850511 USD: nothing new (no new Comtrade release since the last poll), 24 months held, latest 2025-06',
      'comtrade backfill: 24 of 24 months',
    ]);
  });

  it('backs a failing source off, skips it on scheduled polls until then, and lets a person force it', async () => {
    const h = await harness(WATCHLISTS);
    h.server.route((url) => url.pathname === '/CP/', status(503, 'down'));

    const first = await h.poll({ kind: 'notice' });

    expect(first.failed).toBe(true);
    expect(summarizeIngest(first)[0]).toMatch(
      /^dgft notification, public-notice and trade-notice tables: FAILED: dgft: answered HTTP 503: down/,
    );
    const health = await h.storage.sourceHealth.get('dgft');
    expect(health).toMatchObject({
      healthy: false,
      consecutiveFailures: 1,
      nextAttemptAt: h.clock.now() + failureBackoffMs(1),
    });
    const requestsSoFar = h.server.requests.length;

    h.clock.advance(5 * 60_000);
    const scheduled = await h.poll({ kind: 'notice' });
    expect(scheduled.requests[0]?.outcome).toBe('skipped');
    expect(h.server.requests.length).toBe(requestsSoFar);
    expect((await h.storage.sourceHealth.get('dgft'))?.consecutiveFailures).toBe(1);

    await h.poll({ kind: 'notice', force: true });
    expect(await h.storage.sourceHealth.get('dgft')).toMatchObject({
      consecutiveFailures: 2,
      nextAttemptAt: h.clock.now() + failureBackoffMs(2),
    });
  });

  it('recovers: a success clears the failure count and the backoff', async () => {
    const h = await harness(WATCHLISTS);
    const HTML = { contentType: 'text/html' };
    h.server.route(
      (url) => url.pathname === '/CP/' && url.searchParams.get('opt') === 'notification',
      ...Array(4).fill(status(500, 'oops')),
      file('dgft/notification.html', HTML),
    );
    for (const opt of ['public-notice', 'trade-notice'])
      h.server.route((url) => url.searchParams.get('opt') === opt, file(`dgft/${opt}.html`, HTML));
    // Four 500s (the first try and three retries) fail the first poll.
    expect((await h.poll({ kind: 'notice' })).failed).toBe(true);
    h.clock.advance(failureBackoffMs(1));
    const report = await h.poll({ kind: 'notice' });
    expect(report.failed).toBe(false);
    expect(await h.storage.sourceHealth.get('dgft')).toMatchObject({
      healthy: true,
      consecutiveFailures: 0,
      nextAttemptAt: null,
    });
  });

  it('does not blame a source for a poll cancelled by shutdown', async () => {
    const h = await harness(WATCHLISTS);
    h.server.route(
      (url) => url.pathname === '/CP/',
      async (_req, res) => {
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        if (!res.destroyed) res.writeHead(503).end();
      },
    );
    const shutdown = new AbortController();
    setTimeout(() => shutdown.abort(), 100);

    const report = await h.poll({ kind: 'notice', signal: shutdown.signal });

    expect(report.requests[0]).toMatchObject({
      outcome: 'skipped',
      note: 'cancelled: the service is shutting down',
    });
    expect(await h.storage.sourceHealth.get('dgft')).toBeUndefined();
  });

  it('polls sources side by side: a slow Comtrade does not hold up DGFT, and the report keeps watchlist order', async () => {
    const h = await harness(WATCHLISTS);
    const HTML = { contentType: 'text/html' };
    let dgftAsked: () => void = () => {};
    const dgftStarted = new Promise<void>((resolve) => {
      dgftAsked = resolve;
    });
    let dgftBeforeComtradeAnswered = false;
    const months = magnetMonths(h.clock.now());
    h.server.route('/public/v1/getDa/C/M/HS', async (req, res) => {
      // Comtrade answers slowly: only once DGFT was asked, or after 2 s if nobody asks meanwhile.
      dgftBeforeComtradeAnswered = await Promise.race([
        dgftStarted.then(() => true),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 2_000)),
      ]);
      return json(
        availability(
          156,
          months.map((m) => m.month),
        ),
      )(req, res);
    });
    h.server.route('/public/v1/preview/C/M/HS', dataRoute(months));
    for (const opt of ['notification', 'public-notice', 'trade-notice'])
      h.server.route(
        (url) => url.searchParams.get('opt') === opt,
        (req, res) => {
          dgftAsked();
          return file(`dgft/${opt}.html`, HTML)(req, res);
        },
      );

    const report = await h.poll();

    expect(dgftBeforeComtradeAnswered).toBe(true);
    expect(report.requests.map((r) => [r.source, r.outcome])).toEqual([
      ['comtrade', 'ok'],
      ['dgft', 'ok'],
    ]);
  });

  it('asks one host one thing at a time, though each answer is stored while the next is on its way', async () => {
    const routes = ['IN', 'US', 'WORLD'];
    const h = await harness(
      routes
        .map(
          (partner) => `
- id: cn-${partner.toLowerCase()}
  title: China to ${partner}
  kind: trade
  source: comtrade
  reporter: CN
  partner: ${partner}
  flow: export
  hs: ["850511"]
  rules: [{ type: stale, days: 75 }]`,
        )
        .join('\n'),
    );
    const months = magnetMonths(h.clock.now());
    let inFlight = 0;
    let mostAtOnce = 0;
    const counted =
      (answer: ReturnType<typeof dataRoute>): ReturnType<typeof dataRoute> =>
      async (req, res) => {
        mostAtOnce = Math.max(mostAtOnce, ++inFlight);
        res.on('finish', () => inFlight--);
        // A little latency, so that a second request sent meanwhile would be seen here.
        await new Promise((resolve) => setTimeout(resolve, 10));
        return answer(req, res);
      };
    h.server.route(
      '/public/v1/getDa/C/M/HS',
      counted(
        json(
          availability(
            156,
            months.map((m) => m.month),
          ),
        ),
      ),
    );
    h.server.route('/public/v1/preview/C/M/HS', counted(comtradeAnswer(months)));

    const report = await h.poll();

    expect(report.requests.map((r) => [r.description.split(' ')[0], r.outcome])).toEqual(
      routes.map((partner) => [`CN→${partner}`, 'ok']),
    );
    // One availability check, then one request a month for the three partners together.
    expect(h.server.requests).toHaveLength(1 + 12);
    expect(h.server.hits('/public/v1/preview')[0]?.url.searchParams.get('partnerCode')).toBe('0,699,842');
    expect(mostAtOnce).toBe(1);
  });

  it('backs off no further than a day', async () => {
    expect(failureBackoffMs(1)).toBe(15 * 60_000);
    expect(failureBackoffMs(3)).toBe(60 * 60_000);
    expect(failureBackoffMs(20)).toBe(86_400_000);
  });
});

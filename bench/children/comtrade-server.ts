// A loopback UN Comtrade for the ingest benchmark: the availability list (getDa) and monthly preview
// answers of the trade workload, each record in the real captured wire shape, generated on request.
import type { Country } from '../../src/countries/index.js';
import { availability, envelope, monthlyRecord } from '../../tests/helpers/comtrade-answers.js';
import { FixtureServer, json, serve } from '../../tests/helpers/fixture-server.js';
import { recordFigures, recordKey, type TradeRoute, tradeWorkload } from '../workload/trade.js';
import { serve as answer, reply } from './ipc.js';

const workload = tradeWorkload(Number(process.env.OBSERVATIONS));
const byCodes = new Map<string, TradeRoute>();
for (const route of workload.routes)
  byCodes.set(`${route.reporter.comtradeCode}|${route.partner.comtradeCode}|${route.flow}`, route);
const reporters = new Map<number, Country>(
  workload.routes.map((route) => [route.reporter.comtradeCode, route.reporter]),
);

/** Bumped to announce a republication: same figures, new release marker (what a re-poll sees). */
let release = 1;
let served = 0;

const server = await FixtureServer.start();
server.route('/public/v1/getDa/C/M/HS', (req, res) => {
  const code = Number(new URL(req.url ?? '', server.url).searchParams.get('reporterCode'));
  const reporter = reporters.get(code);
  const stamp = `2025-09-0${release}T10:53:32.8266667`;
  return json(
    availability(code, reporter ? workload.months : [], stamp, {
      iso: reporter?.iso3 ?? 'XXX',
      desc: reporter?.name ?? 'Unknown',
    }),
  )(req, res);
});
/** One preview answer: the records of a route for these HS codes and months, as Comtrade sends them. */
function previewBody(route: TradeRoute, hsCodes: readonly string[], periods: readonly string[]): Buffer {
  const rows: unknown[] = [];
  for (const period of periods)
    for (const hs of hsCodes) {
      if (!workload.months.includes(period) || workload.missing.has(recordKey(route, hs, period))) continue;
      const { usd, kg } = recordFigures(route, hs, period);
      rows.push(
        monthlyRecord(
          { month: period, usd, kg },
          {
            cmdCode: hs,
            partnerCode: route.partner.comtradeCode,
            partnerISO: route.partner.iso3,
            partnerDesc: route.partner.name,
            reporter: {
              code: route.reporter.comtradeCode,
              iso: route.reporter.iso3,
              desc: route.reporter.name,
            },
            flow: route.flow,
          },
        ),
      );
    }
  return Buffer.from(JSON.stringify(envelope(rows)));
}

const keyOf = (reporter: string, partner: string, flow: string, hs: string, periods: string) =>
  `${reporter}|${partner}|${flow}|${hs}|${periods}`;

// Every answer the polls will ask for is built before the server says it is ready: the benchmark
// times ree-watch, so the loopback server must answer as fast as a socket can, not generate JSON.
const compact = (period: string) => period.replace('-', '');
const chunks = [workload.months.slice(0, 12), workload.months.slice(12)];
const hsList = [...workload.hs].sort();
const bodies = new Map<string, Buffer>();
for (const route of workload.routes)
  for (const chunk of chunks)
    bodies.set(
      keyOf(
        String(route.reporter.comtradeCode),
        String(route.partner.comtradeCode),
        route.flow === 'export' ? 'X' : 'M',
        hsList.join(','),
        chunk.map(compact).join(','),
      ),
      previewBody(route, hsList, chunk),
    );

server.route('/public/v1/preview/C/M/HS', (req, res) => {
  const query = new URL(req.url ?? '', server.url).searchParams;
  const [reporter, partner, flowCode, hs, periods] = [
    'reporterCode',
    'partnerCode',
    'flowCode',
    'cmdCode',
    'period',
  ].map((name) => query.get(name) ?? '') as [string, string, string, string, string];
  let body = bodies.get(keyOf(reporter, partner, flowCode, hs, periods));
  if (!body) {
    // Not prepared (another split of the months): built now, as Comtrade would answer it.
    const route = byCodes.get(`${reporter}|${partner}|${flowCode === 'X' ? 'export' : 'import'}`);
    body = route
      ? previewBody(
          route,
          hs.split(','),
          periods.split(',').map((period) => `${period.slice(0, 4)}-${period.slice(4)}`),
        )
      : Buffer.from(JSON.stringify(envelope([])));
  }
  served += body.length;
  return serve(body)(req, res);
});

answer({
  release: async () => {
    release++;
    return { type: 'released', release };
  },
  stats: async () => ({ type: 'stats', requests: server.requests.length, bytes: served }),
  stop: async () => {
    await server.close();
    process.exit(0);
  },
});
reply({ type: 'ready', url: server.url });

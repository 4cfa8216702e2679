// A loopback UN Comtrade for the ingest benchmark: the availability list (getDa) and the keyed data
// API's answers of the trade workload under its rules (src/demo/fakes/comtrade-rules.ts), each record in
// the real captured wire shape.
import { systemClock } from '../../src/clock.js';
import type { Country } from '../../src/countries/index.js';
import { type ComtradeQuery, ComtradeRules } from '../../src/demo/fakes/comtrade-rules.js';
import { availability, monthlyRecord } from '../../tests/helpers/comtrade-answers.js';
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
// The keyed data API, as the service polls it with COMTRADE_API_KEY set: its key header, up to 12
// months and 100,000 rows a request, every partner and code of a reporter and flow in one request.
const rules = new ComtradeRules({ clock: systemClock });
server.route('/data/v1/getDa/C/M/HS', (req, res) => {
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

/** The records of one request: each partner asked, each code, each month, as Comtrade sends them. */
function recordsFor(query: ComtradeQuery): unknown[] {
  const flow = query.flow === 'X' ? 'export' : 'import';
  const rows: unknown[] = [];
  for (const partner of query.partners) {
    const route = byCodes.get(`${query.reporter}|${partner}|${flow}`);
    if (!route) continue;
    for (const period of query.periods)
      for (const hs of query.cmdCodes) {
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
  }
  return rows;
}

// Every answer the polls will ask for is built before the server says it is ready: the benchmark
// times ree-watch, so the loopback server must answer as fast as a socket can, not generate JSON.
// The requests are predicted as the planner makes them: per reporter and flow, partners and codes
// sorted, the 24 months newest first in two requests of 12.
const compact = (period: string) => period.replace('-', '');
const newestFirst = [...workload.months].reverse();
const chunks = [newestFirst.slice(0, 12), newestFirst.slice(12)];
const hsList = [...workload.hs].sort();
const groups = new Map<string, { reporter: number; flow: 'X' | 'M'; partners: number[] }>();
for (const route of workload.routes) {
  const flow = route.flow === 'export' ? 'X' : 'M';
  const key = `${route.reporter.comtradeCode}|${flow}`;
  const group = groups.get(key) ?? { reporter: route.reporter.comtradeCode, flow, partners: [] };
  groups.set(key, group);
  group.partners.push(route.partner.comtradeCode);
}
const bodies = new Map<string, Buffer>();
const keyOf = (query: URLSearchParams) =>
  ['reporterCode', 'partnerCode', 'flowCode', 'cmdCode', 'period'].map((name) => query.get(name)).join('|');
for (const group of groups.values()) {
  const partners = [...group.partners].sort((a, b) => a - b);
  for (const chunk of chunks) {
    const query = new URLSearchParams({
      reporterCode: String(group.reporter),
      partnerCode: partners.join(','),
      flowCode: group.flow,
      cmdCode: hsList.join(','),
      period: chunk.map(compact).join(','),
    });
    const answer = rules.answer(
      new URL(`/data/v1/get/C/M/HS?${query}`, server.url),
      { 'ocp-apim-subscription-key': 'bench' },
      recordsFor,
      () => [],
    );
    bodies.set(keyOf(query), Buffer.from(JSON.stringify(answer?.body)));
  }
}

server.route('/data/v1/get/C/M/HS', (req, res) => {
  const url = new URL(req.url ?? '', server.url);
  let body = bodies.get(keyOf(url.searchParams));
  if (!body) {
    // Not predicted (another split): answered now, under the same rules.
    const answer = rules.answer(url, req.headers, recordsFor, () => []);
    if (answer && answer.status !== 200) return json(answer.body, { status: answer.status })(req, res);
    body = Buffer.from(JSON.stringify(answer?.body));
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

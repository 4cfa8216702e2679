// Four loopback hosts, one per source (UN Comtrade, US Census, Federal Register, news feeds), each
// answering after a fixed latency, as the poll-cycle benchmark's stand-in for the internet.

import { systemClock } from '../../src/clock.js';
import { countryByComtradeCode } from '../../src/countries/index.js';
import { type ComtradeQuery, ComtradeRules } from '../../src/demo/fakes/comtrade-rules.js';
import { CENSUS_COUNTRIES } from '../../src/sources/census.js';
import { availability, monthlyRecord } from '../../tests/helpers/comtrade-answers.js';
import { type Answer, FixtureServer, file, fixture, json } from '../../tests/helpers/fixture-server.js';
import { seededRandom, seedOf } from '../lib/random.js';
import { reply, serve } from './ipc.js';

const latencyMs = Number(process.env.LATENCY_MS ?? 20);
const months = (process.env.MONTHS ?? '').split(',');

const delayed =
  (answer: Answer): Answer =>
  async (req, res) => {
    await new Promise((resolve) => setTimeout(resolve, latencyMs));
    await answer(req, res);
  };

const figure = (key: string) => Math.round(10 ** (4 + seededRandom(seedOf(key))() * 4));

const comtrade = await FixtureServer.start();
// UN Comtrade's keyed data API under its rules (src/demo/fakes/comtrade-rules.ts): the service polls it
// with COMTRADE_API_KEY set. Its warped clock skips budget waits, so the preview's one-request-a-
// second rule could not hold in real time here; the keyed API's rules (key header, 12 months and
// 100,000 rows a request, the daily quota) do.
const rules = new ComtradeRules({ clock: systemClock, keyedPerDay: 500 });
const rowsFor = (query: ComtradeQuery) =>
  query.partners.flatMap((partnerCode) => {
    const partner = countryByComtradeCode(partnerCode);
    return query.periods.flatMap((month) =>
      query.cmdCodes.map((hs) => {
        const usd = figure(`${partnerCode}|${hs}|${month}`);
        return monthlyRecord(
          { month, usd, kg: Math.round(usd / 40) },
          { cmdCode: hs, partnerCode, partnerISO: partner?.iso3, partnerDesc: partner?.name },
        );
      }),
    );
  });
for (const path of ['/data/v1/getDa/C/M/HS', '/data/v1/get/C/M/HS'])
  comtrade.route(
    path,
    delayed((req, res) => {
      const url = new URL(req.url ?? '', comtrade.url);
      const answer = rules.answer(url, req.headers, rowsFor, (code) => availability(code, months));
      return json(answer?.body ?? {}, { status: answer?.status ?? 404, headers: answer?.headers ?? {} })(
        req,
        res,
      );
    }),
  );

const census = await FixtureServer.start();
census.route(
  '/data/timeseries/intltrade/imports/hs',
  delayed((req, res) => {
    const query = new URL(req.url ?? '', census.url).searchParams;
    const code = query.get('CTY_CODE') ?? '';
    const name = Object.values(CENSUS_COUNTRIES).find((country) => country.code === code)?.name ?? 'UNKNOWN';
    const hs = query.get('I_COMMODITY') ?? '';
    const header = ['CTY_NAME', 'GEN_VAL_MO', 'I_COMMODITY', 'COMM_LVL', 'CTY_CODE', 'time'];
    const rows = months.map((month) => [
      name,
      String(figure(`${code}|${hs}|${month}`)),
      hs,
      query.get('COMM_LVL') ?? '',
      code,
      month,
    ]);
    return json([header, ...rows])(req, res);
  }),
);

const federalRegister = await FixtureServer.start();
const documents = JSON.parse(
  fixture('federal-register/documents-json_envelope_fields-subset.json').toString('utf8'),
) as Record<string, unknown>;
delete documents.next_page_url;
federalRegister.route('/api/v1/documents.json', delayed(json(documents)));

const feeds = await FixtureServer.start();
feeds.route(
  (url) => url.pathname.startsWith('/feeds/'),
  delayed(file('feeds/rss2_guardian_2items.rss', { contentType: 'application/rss+xml; charset=utf-8' })),
);

const servers = { comtrade, census, federalRegister, feeds };
serve({
  stats: async () => ({
    type: 'stats',
    requests: Object.fromEntries(
      Object.entries(servers).map(([name, server]) => [name, server.requests.length]),
    ),
  }),
  stop: async () => {
    for (const server of Object.values(servers)) await server.close();
    process.exit(0);
  },
});
reply({
  type: 'ready',
  ...Object.fromEntries(Object.entries(servers).map(([name, server]) => [name, server.url])),
});

import { join } from 'node:path';
import { magnetMonths } from '../../helpers/comtrade-answers.js';
import { type FixtureServer, file, fixture, json } from '../../helpers/fixture-server.js';
import { FAKE_SECRETS } from './chaos.js';
import { routeComtrade } from './scenario.js';

/** One watchlist per polled source, none of which fires on the recorded answers below. */
export const SOURCE_WATCHLISTS = (feedUrl: string) => `
- id: china-india-magnets
  title: China → India rare-earth magnet exports
  kind: trade
  source: comtrade
  reporter: CN
  partner: IN
  flow: export
  hs: ["850511"]
  rules:
    - { type: drop, compare: previous-month, percent: 20 }
    - { type: floor, below: 1000 }
- id: us-gasoline-to-canada
  title: US gasoline exports to Canada
  kind: trade
  source: census
  reporter: US
  partner: CA
  flow: export
  hs: ["2710121510"]
  rules:
    - { type: drop, compare: previous-month, percent: 90 }
- id: us-critical-minerals-rules
  title: US rules on rare earths
  kind: notice
  source: federal-register
  query: rare earth
  match: { any: ["rare earth"] }
- id: china-export-controls
  title: China export-control notices on rare earths
  kind: notice
  source: mofcom
  match: { any: ["稀土", "出口管制", "rare earth"] }
- id: india-dgft-notices
  title: India DGFT notices
  kind: notice
  source: dgft
  match: { any: ["rare earth", "magnet"] }
- id: magnet-news
  title: Magnet news
  kind: notice
  source: rss
  feed: ${feedUrl}
  match: { any: ["rare earth", "discord"] }
`;

export const PATHS = {
  censusExports: '/data/timeseries/intltrade/exports/hs',
  registerPage1: '/api/v1/documents.json',
  registerPage2: '/api/v1/documents',
  mofcomShell: '/zwgk/zcfb/index.html',
  mofcomUnit: '/api-gateway/jpaas-publish-server/front/page/build/unit',
  mofcomEnglish: '/en/Policies/AnnouncementsOrders/index.html',
  dgft: '/CP/',
  feed: '/feeds/guardian.rss',
} as const;

const HTML = { contentType: 'text/html; charset=utf-8' };
const RSS = { contentType: 'application/rss+xml; charset=utf-8' };

const registerPage1 = JSON.parse(
  fixture('federal-register/documents-json_envelope_fields-subset.json').toString(),
) as Record<string, unknown>;
const registerPage2 = {
  description: registerPage1.description,
  count: registerPage1.count,
  total_pages: registerPage1.total_pages,
  results: JSON.parse(
    fixture('federal-register/results-array_agencies-incl-unmatched-raw_name.json').toString(),
  ),
};

/** Recorded, well-formed answers of every source (tests/fixtures), after any routes already set. */
export function serveGoodSources(server: FixtureServer): void {
  routeComtrade(server, magnetMonths(Date.now()));
  server.route(PATHS.censusExports, file('census/exports-hs_ALL_VAL_MO_HS10-2710121510_CTY1220_2025H1.json'));
  server.route(PATHS.registerPage1, json(registerPage1));
  server.route(PATHS.registerPage2, json(registerPage2));
  server.route(PATHS.mofcomShell, file('mofcom/zcfb-index_shell.html', HTML));
  server.route(PATHS.mofcomUnit, file('mofcom/api-gateway-unit_page1.json'));
  server.route(PATHS.mofcomEnglish, file('mofcom/en-announcements-orders.html', HTML));
  for (const opt of ['notification', 'public-notice', 'trade-notice'] as const)
    server.route(dgftTable(opt), file(`dgft/${opt}.html`, HTML));
  server.route(PATHS.feed, file('feeds/rss2_guardian_2items.rss', RSS));
}

export const dgftTable = (opt: string) => (url: URL) =>
  url.pathname === PATHS.dgft && url.searchParams.get('opt') === opt;

/** Every base URL of every source on one loopback server, with the fake API keys and a console channel. */
export function sourcesEnv(server: FixtureServer, dir: string): Record<string, string> {
  return {
    DATABASE_PATH: join(dir, 'ree.db'),
    WATCHLISTS_FILE: join(dir, 'watchlists.yaml'),
    COMTRADE_API_URL: server.url,
    COMTRADE_API_KEY: FAKE_SECRETS.COMTRADE_API_KEY,
    CENSUS_API_URL: server.url,
    CENSUS_API_KEY: FAKE_SECRETS.CENSUS_API_KEY,
    FEDERAL_REGISTER_API_URL: server.url,
    MOFCOM_URL: server.url,
    MOFCOM_EN_URL: `${server.url}/en`,
    DGFT_URL: server.url,
    // Feeds live on this loopback server: only the SSRF tests run without it.
    ALLOW_PRIVATE_URLS: 'true',
  };
}

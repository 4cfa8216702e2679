import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FixtureServer, status } from '../helpers/fixture-server.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { FAKE_SECRETS, leakedSecrets, recordFigures, useProcesses } from './helpers/chaos.js';
import { FakeDiscordServer, FakeSlackServer, IDS } from './helpers/fakes.js';
import { COMTRADE, MAGNET_WATCHLIST, writeWatchlists } from './helpers/scenario.js';

const tempDir = useTempDir();
const processes = useProcesses('secrets');
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

const CENSUS_WATCHLIST = `
- id: us-gasoline-to-canada
  title: US gasoline exports to Canada
  kind: trade
  source: census
  reporter: US
  partner: CA
  flow: export
  hs: ["2710121510"]
  rules: [{ type: drop, compare: previous-month, percent: 20 }]
`;

describe('secrets never appear in the output of a real process, on any path that logs', () => {
  it('start-up refusals, bad configuration, and sources that echo the credentials they were sent', async () => {
    const slack = await FakeSlackServer.start({
      botToken: 'xoxb-the-token-slack-expects',
      appToken: 'xapp-1-expected',
    });
    const discord = await FakeDiscordServer.start();
    const sources = await FixtureServer.start();
    closers.push(
      () => slack.close(),
      () => discord.close(),
      () => sources.close(),
    );
    // Servers that quote what they were sent: Comtrade's gateway quoting the key header, and an
    // Express-style 404 page quoting the whole URL with the Census key in its query.
    sources.route(COMTRADE.availability, (req, res) =>
      status(
        401,
        JSON.stringify({
          statusCode: 401,
          message: `Access denied: subscription key ${String(req.headers['ocp-apim-subscription-key'])} is not valid for this API.`,
        }),
      )(req, res),
    );
    sources.route(COMTRADE.data, (req, res) =>
      status(403, `{"message":"key ${String(req.headers['ocp-apim-subscription-key'])} has no access"}`)(
        req,
        res,
      ),
    );
    sources.route('/data/timeseries/intltrade/exports/hs', (req, res) =>
      status(404, `<!DOCTYPE html><html><body><pre>Cannot GET ${req.url}</pre></body></html>`)(req, res),
    );
    const dir = tempDir();
    const base = {
      DATABASE_PATH: join(dir, 'ree.db'),
      WATCHLISTS_FILE: writeWatchlists(dir, `${MAGNET_WATCHLIST}${CENSUS_WATCHLIST}`),
      PORT: '0',
      HOST: '127.0.0.1',
    };
    const runs = [
      // Secrets in keys where they are not valid: "the value set" for secret keys, and scrubbed
      // from the value shown for the others.
      processes.spawn('check-config-misplaced', ['check-config'], {
        ...base,
        COMTRADE_API_KEY: FAKE_SECRETS.COMTRADE_API_KEY,
        CENSUS_API_KEY: FAKE_SECRETS.CENSUS_API_KEY,
        SLACK_BOT_TOKEN: FAKE_SECRETS.SLACK_APP_TOKEN,
        SLACK_APP_TOKEN: FAKE_SECRETS.SLACK_BOT_TOKEN,
        SLACK_SIGNING_SECRET: `${FAKE_SECRETS.SLACK_SIGNING_SECRET} with spaces`,
        DISCORD_TOKEN: FAKE_SECRETS.DISCORD_TOKEN,
        DISCORD_APPLICATION_ID: FAKE_SECRETS.CENSUS_API_KEY,
        SLACK_API_URL: `https://user:${FAKE_SECRETS.COMTRADE_API_KEY}@`,
      }),
      processes.spawn('slack-token-refused', ['start'], {
        ...base,
        SLACK_BOT_TOKEN: FAKE_SECRETS.SLACK_BOT_TOKEN,
        SLACK_SIGNING_SECRET: FAKE_SECRETS.SLACK_SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
      }),
      processes.spawn('slack-app-token-refused', ['start'], {
        ...base,
        SLACK_BOT_TOKEN: 'xoxb-the-token-slack-expects',
        SLACK_APP_TOKEN: FAKE_SECRETS.SLACK_APP_TOKEN,
        SLACK_SIGNING_SECRET: FAKE_SECRETS.SLACK_SIGNING_SECRET,
        SLACK_API_URL: slack.apiUrl,
      }),
      processes.spawn('discord-token-refused', ['start'], {
        ...base,
        DISCORD_TOKEN: FAKE_SECRETS.DISCORD_TOKEN,
        DISCORD_APPLICATION_ID: IDS.application,
        DISCORD_API_URL: discord.apiUrl,
      }),
      processes.spawn('sources-echo-keys', ['poll'], {
        ...base,
        COMTRADE_API_URL: sources.url,
        COMTRADE_API_KEY: FAKE_SECRETS.COMTRADE_API_KEY,
        CENSUS_API_URL: sources.url,
        CENSUS_API_KEY: FAKE_SECRETS.CENSUS_API_KEY,
      }),
    ];
    const exits = [];
    for (const run of runs) exits.push((await run.exited).code);

    // Each path really ran and failed as it should (so the grep below means something); a refused chat
    // token is a configuration error, exit 2, on Slack as on Discord.
    expect(exits).toEqual([2, 2, 2, 2, 1]);
    expect(runs[0]?.stderr).toMatch(/^SLACK_BOT_TOKEN: the value set is not valid/m);
    expect(runs[1]?.stderr).toMatch(/^SLACK_BOT_TOKEN: was refused by Slack \(invalid_auth\)/m);
    expect(runs[2]?.stderr).toMatch(/^SLACK_APP_TOKEN: was refused by Slack/m);
    expect(runs[3]?.stderr).toMatch(/^DISCORD_TOKEN: was rejected by Discord/m);
    expect(runs[4]?.stdout).toMatch(
      /comtrade .*: FAILED: comtrade: Comtrade refused the key in COMTRADE_API_KEY \(answered HTTP 40[13]/,
    );
    expect(runs[4]?.stdout).toMatch(/census .*: FAILED: census: answered HTTP 404: Cannot GET/);

    const leaks = runs.map((run, i) => ({ run: i, leaks: leakedSecrets(run.stdout + run.stderr) }));
    const leaked = leaks.filter((entry) => entry.leaks.length > 0);
    recordFigures('secrets', [
      {
        fault: 'secrets',
        measure: 'start-up refusals, misplaced secrets, sources echoing keys (trace level)',
        result: `${runs.length} processes, ${leaked.length} leaking`,
        expected: '0 leaking',
        ok: leaked.length === 0,
      },
    ]);
    expect(leaked).toEqual([]);
  }, 120_000);
});

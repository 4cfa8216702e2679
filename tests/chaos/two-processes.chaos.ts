import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { FixtureServer, fixture, json } from '../helpers/fixture-server.js';
import { useTempDir } from '../helpers/temp-dir.js';
import {
  FAKE_SECRETS,
  leakedSecrets,
  recordFigures,
  sleep,
  useProcesses,
  waitUntil,
} from './helpers/chaos.js';
import { integrityCheck } from './helpers/checksum.js';
import { FakeSlackServer } from './helpers/fakes.js';
import { prepareDatabase, slackServiceEnv, writeWatchlists } from './helpers/scenario.js';

const CHANNELS = Array.from({ length: 40 }, (_, i) => `C0TWO${String(i).padStart(4, '0')}`);
const WAVES = 3;
const POLLS_PER_WAVE = 3;

const WATCHLIST = `
- id: us-gasoline-to-canada
  title: US gasoline exports to Canada
  kind: trade
  source: census
  reporter: US
  partner: CA
  flow: export
  hs: ["2710121510"]
  rules:
    - { type: drop, compare: previous-month, percent: 20 }
`;
const EXPORTS = '/data/timeseries/intltrade/exports/hs';
const LOCKED = /database is locked|SQLITE_BUSY/i;

const tempDir = useTempDir();
const processes = useProcesses('two-processes');
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

describe('two processes, one database: `ree-watch poll` while the service runs', () => {
  it('never fails with "database is locked" and never delivers an alert twice', async () => {
    const slack = await FakeSlackServer.start({ botToken: FAKE_SECRETS.SLACK_BOT_TOKEN });
    const census = await FixtureServer.start();
    closers.push(
      () => slack.close(),
      () => census.close(),
    );
    // The real Census table (2025-01 … 06), plus July 2025 at 40 % of June: a drop. Every answer
    // revises July by a few dollars, so every poll, the service's and each CLI's, writes.
    const table = JSON.parse(
      fixture('census/exports-hs_ALL_VAL_MO_HS10-2710121510_CTY1220_2025H1.json').toString(),
    ) as string[][];
    const june = Number(table.at(-1)?.[0]);
    let answers = 0;
    census.route(EXPORTS, (req, res) => {
      answers++;
      return json([
        ...table,
        [String(Math.round(june * 0.4) + answers), 'HS10', '2710121510', '1220', '2025-07'],
      ])(req, res);
    });
    const dir = tempDir();
    writeWatchlists(dir, WATCHLIST);
    const env = slackServiceEnv({
      dir,
      slackApiUrl: slack.apiUrl,
      // Every 3 s: busy, yet within the Census budget of 30 requests a minute with the CLI polls.
      extra: { CENSUS_API_URL: census.url, POLL_CRON: '*/3 * * * * *' },
    });
    await prepareDatabase(env.DATABASE_PATH as string, {
      channels: CHANNELS,
      watchlist: 'us-gasoline-to-canada',
    });

    const service = processes.spawn('service', ['start'], env);
    await service.waitFor(/Slack ready/, 'stderr', 60_000);
    const polls: { code: number | null; output: string }[] = [];
    for (let wave = 0; wave < WAVES; wave++) {
      const runs = Array.from({ length: POLLS_PER_WAVE }, (_, i) =>
        processes.spawn(`poll-${wave}-${i}`, ['poll', '--source', 'census'], env),
      );
      for (const run of runs) {
        const exit = await run.exited;
        polls.push({ code: exit.code, output: run.stdout + run.stderr });
      }
      await sleep(1_000);
    }
    const db = new Database(env.DATABASE_PATH as string, { readonly: true });
    const pending = () =>
      (db.prepare("SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'").get() as { n: number }).n;
    await waitUntil(
      () => pending() === 0 && slack.posts.length >= CHANNELS.length,
      'every channel told',
      60_000,
      200,
    );
    await sleep(3_000); // a second delivery, if there were one, would show by now
    const revisions = (db.prepare('SELECT COUNT(*) AS n FROM observation_revisions').get() as { n: number })
      .n;
    const queued = (db.prepare('SELECT COUNT(*) AS n FROM outbox').get() as { n: number }).n;
    db.close();
    service.kill('SIGTERM');
    const stopped = await service.exited;
    const integrity = integrityCheck(env.DATABASE_PATH as string);

    const perChannel = new Map<string, number>();
    for (const post of slack.posts) perChannel.set(post.channel, (perChannel.get(post.channel) ?? 0) + 1);
    const doubled = [...perChannel.values()].filter((n) => n > 1).length;
    const charts = slack.sharedFiles().map((file) => file.shared.channel);
    const chartsDoubled = charts.length - new Set(charts).size;
    const locked = [...polls.map((poll) => poll.output), service.stdout + service.stderr].filter((text) =>
      LOCKED.test(text),
    ).length;
    const failedPolls = polls.filter((poll) => poll.code !== 0).length;
    const serviceRuns = (service.stderr.match(/"job":"poll-trade".*"msg":"job finished"/g) ?? []).length;
    const leaks = processes.all().flatMap(({ process }) => leakedSecrets(process.stdout + process.stderr));

    recordFigures('two-processes', [
      {
        fault: 'two processes, one database',
        measure: '`ree-watch poll` runs beside the service / failed / "database is locked"',
        result: `${polls.length} (${WAVES} waves of ${POLLS_PER_WAVE} at once; service polled ${serviceRuns}×; ${revisions} revisions written) / ${failedPolls} / ${locked}`,
        expected: `${WAVES * POLLS_PER_WAVE} / 0 / 0`,
        ok: failedPolls === 0 && locked === 0,
      },
      {
        fault: 'two processes, one database',
        measure: 'alert messages expected / delivered / duplicated',
        result: `${CHANNELS.length} / ${perChannel.size} / ${slack.posts.length - perChannel.size} (${queued} queued: one digest per channel, sent as its alert and its chart; ${charts.length} charts shared, ${chartsDoubled} twice)`,
        expected: `${CHANNELS.length} / ${CHANNELS.length} / 0`,
        ok:
          perChannel.size === CHANNELS.length &&
          doubled === 0 &&
          queued === CHANNELS.length &&
          chartsDoubled === 0,
      },
      {
        fault: 'two processes, one database',
        measure: 'PRAGMA integrity_check afterwards',
        result: integrity,
        expected: 'ok',
        ok: integrity === 'ok' && stopped.code === 0,
      },
    ]);

    expect(polls.map((poll) => poll.code)).toEqual(Array(WAVES * POLLS_PER_WAVE).fill(0));
    expect(locked).toBe(0);
    // One outbox row per channel's digest; Slack's adapter sends it as the message, then its chart
    // (uploaded, not posted), each once.
    expect(queued).toBe(CHANNELS.length);
    expect(chartsDoubled).toBe(0);
    expect(perChannel.size).toBe(CHANNELS.length);
    expect(doubled).toBe(0);
    expect(revisions).toBeGreaterThan(WAVES);
    expect(integrity).toBe('ok');
    expect(stopped.code).toBe(0);
    expect(leaks).toEqual([]);
  }, 180_000);
});

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useConsole } from '../helpers/console-ask.js';

const session = useConsole();
const at = (iso: string) => Date.parse(iso);

describe('/ree status', () => {
  it('reports each source: healthy or failing, last success, the last error in words, and the next poll', async () => {
    const cli = session();
    await cli.withStorage(async (db) => {
      const health = db.sourceHealth;
      await health.recordSuccess('comtrade', at('2025-07-15T10:00:00Z'), 240, at('2025-07-15T16:00:00Z'));
      await health.recordSuccess('mofcom', at('2025-07-14T09:00:00Z'), 12);
      await health.recordFailure(
        'mofcom',
        at('2025-07-15T10:00:00Z'),
        'mofcom: HTTP 503 from the announcement list (https://www.mofcom.gov.cn/…)',
      );
      await health.recordFailure(
        'mofcom',
        at('2025-07-15T11:00:00Z'),
        'mofcom: the page no longer lists announcements (https://www.mofcom.gov.cn/…)',
        at('2025-07-15T13:00:00Z'),
      );
    });
    const result = await cli.ask('/ree status');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('ree-watch status: 1 source failing');
    expect(result.stdout).toContain(
      'comtrade (UN Comtrade): healthy · last success 2h ago · next poll in 4h',
    );
    expect(result.stdout).toContain(
      'mofcom (China MOFCOM): FAILING, 2 failed attempts in a row · last success 1d 3h ago · next poll in 1h · last error: mofcom: the page no longer lists announcements (https://www.mofcom.gov.cn/…)',
    );
    expect(result.stdout).toContain('census (US Census Bureau): not polled yet');
  });

  it('says how far the history backfill of a source is while it is still arriving', async () => {
    const cli = session();
    await cli.withStorage(async (db) => {
      await db.sourceHealth.recordSuccess('comtrade', at('2025-07-15T10:00:00Z'), 60);
      await db.tradeCoverage.recordBackfill('comtrade', 14, 24, at('2025-07-15T10:00:00Z'));
    });
    const result = await cli.ask('/ree status');
    expect(result.stdout).toMatch(
      /comtrade \(UN Comtrade\): healthy · last success \S+ ago.* · backfill: 14 of 24 months/,
    );
  });

  it('reports a feed under its host, as it is polled, not as a source never polled', async () => {
    const cli = session();
    const file = join(dirname(cli.databasePath), 'watchlists.yaml');
    writeFileSync(
      file,
      `- id: magnet-news
  title: Magnet news
  kind: notice
  source: rss
  feed: https://news.example.org/feed.xml
  match: { any: ["magnet"] }
`,
    );
    cli.env.WATCHLISTS_FILE = file;
    await cli.withStorage(
      async (db) =>
        await db.sourceHealth.recordSuccess('rss:news.example.org', at('2025-07-15T11:00:00Z'), 3),
    );
    const result = await cli.ask('/ree status');
    expect(result.stdout).toContain(
      'rss:news.example.org (RSS feed on news.example.org): healthy · last success 1h ago\n',
    );
    expect(result.stdout).not.toContain('not polled yet');
  });

  it('shows the version, uptime and how much is configured', async () => {
    const cli = session();
    await cli.ask('/ree subscribe china-india-magnets china-us-magnets');
    const result = await cli.ask('/ree status');
    expect(result.stdout).toContain('ree-watch status: no source polled yet');
    expect(result.stdout).toMatch(/ree-watch \d+\.\d+\.\d+\S*, up 0s \(since 2025-07-15 12:00 UTC\)/);
    expect(result.stdout).toContain('8 watchlists loaded, 2 subscriptions across all channels');
    expect(result.stdout).toContain('0 messages waiting to be sent, 0 given up; nothing delivered yet');
  });

  it('names an option it does not take instead of ignoring it silently', async () => {
    const cli = session();
    const result = await cli.ask('/ree status --verbose');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Ignored --verbose: /ree status takes only --details.');
  });

  it('reports the outbox, the last delivery error, skipped rules and the next scheduled poll', async () => {
    const cli = session();
    await cli.withStorage(async (db) => {
      const insert = (...values: (string | number | null)[]) =>
        db.sql.run(
          `INSERT INTO outbox (idempotency_key, platform, channel, payload, created_at, not_before, state, attempts, delivered_at)
           VALUES (?, 'slack', 'C1', '{}', 0, 0, ?, 1, ?)`,
          values,
        );
      await insert('k1', 'delivered', at('2025-07-15T09:00:00Z'));
      await insert('k2', 'pending', null);
      await insert('k3', 'failed', null);
      await db.sql.run(
        "INSERT INTO delivery_attempts (outbox_id, at, outcome, detail) VALUES (3, ?, 'permanent', 'channel_not_found')",
        [at('2025-07-15T11:00:00Z')],
      );
      await db.ruleSkips.replace(
        ['china-india-magnets'],
        [
          {
            watchlist: 'china-india-magnets',
            rule: 'drop:previous-month:20%',
            subject: 'hs-850511',
            period: '2025-06',
            reason: 'missing month: no figure for May 2025',
          },
        ],
        at('2025-07-15T10:00:00Z'),
      );
      await db.sourceHealth.recordSuccess('comtrade', at('2025-07-15T06:00:00Z'), 10);
      await db.jobRuns.started('poll-trade', at('2025-07-15T06:00:00Z'));
      await db.jobRuns.finished('poll-trade', at('2025-07-15T06:01:00Z'), {
        nextDueAt: at('2025-07-15T18:00:00Z'),
      });
    });
    const result = await cli.ask('/ree status');
    expect(result.stdout).toContain('1 message waiting to be sent, 1 given up; last delivery 3h ago');
    expect(result.stdout).toContain(
      '1 rule in 1 watchlist could not be evaluated (missing month); /ree status --details lists them.',
    );
    expect(result.stdout).not.toContain('no figure for May 2025');
    const detailed = await cli.ask('/ree status --details');
    expect(detailed.stdout).toContain(
      'china-india-magnets drop:previous-month:20% (hs-850511): missing month: no figure for May 2025',
    );
    expect(result.stdout).toContain(
      'Last delivery error 1h ago on slack channel C1: permanent (channel_not_found)',
    );
    expect(result.stdout).toContain(
      'comtrade (UN Comtrade): healthy · last success 6h ago · next poll in 6h',
    );
  });

  it('names the replica that ran the last scheduled poll of each source, when several share the database', async () => {
    const cli = session();
    await cli.withStorage(async (db) => {
      await db.sourceHealth.recordSuccess('comtrade', at('2025-07-15T06:00:00Z'), 10);
      await db.jobRuns.started('poll-trade', at('2025-07-15T06:00:00Z'), 'replica-b');
      await db.jobRuns.finished('poll-trade', at('2025-07-15T06:01:00Z'), {
        nextDueAt: at('2025-07-15T18:00:00Z'),
      });
      await db.sourceHealth.recordSuccess('mofcom', at('2025-07-15T11:00:00Z'), 3);
      await db.jobRuns.started('poll-notices', at('2025-07-15T11:00:00Z'), 'replica-a');
    });
    const result = await cli.ask('/ree status');
    expect(result.stdout).toContain(
      'comtrade (UN Comtrade): healthy · last success 6h ago · last polled by replica-b · next poll in 6h',
    );
    expect(result.stdout).toMatch(
      /mofcom \(China MOFCOM\): healthy · last success 1h ago · last polled by replica-a/,
    );
  });

  it('on a new install: one line per source with its next poll, skips folded into a count, no line cut mid-word', async () => {
    const cli = session();
    const longError = `comtrade: could not reach ${'https://comtradeapi.un.org/data/v1/get/C/M/HS?reporterCode=156&partnerCode=699&period=202501,202502,202503&cmdCode=850511&flowCode=X '.repeat(3)}(connection refused)`;
    await cli.withStorage(async (db) => {
      await db.sourceHealth.recordFailure(
        'comtrade',
        at('2025-07-15T11:00:00Z'),
        longError,
        at('2025-07-15T13:00:00Z'),
      );
      const watchlists = ['china-india-magnets', 'china-us-magnets', 'china-japan-magnets'];
      await db.ruleSkips.replace(
        watchlists,
        watchlists.flatMap((watchlist) =>
          Array.from({ length: 9 }, (_, index) => ({
            watchlist,
            rule: `drop:rule-${index}`,
            subject: 'hs-850511',
            period: '2025-06',
            reason: 'no data: nothing stored for this series yet',
          })),
        ),
        at('2025-07-15T11:00:00Z'),
      );
    });
    const result = await cli.ask('/ree status');
    const lines = result.stdout.split('\n');
    const comtrade = lines.find((line) => line.startsWith('comtrade (UN Comtrade)')) ?? '';
    expect(comtrade).toMatch(
      /^comtrade \(UN Comtrade\): FAILING, 1 failed attempt in a row · never succeeded · next poll in 1h · last error: comtrade: could not reach …$/,
    );
    expect(comtrade.length).toBeLessThanOrEqual(300);
    expect(result.stdout).toContain(
      '27 rules in 3 watchlists could not be evaluated (no data); /ree status --details lists them.',
    );
    expect(result.stdout).toContain('Service');
    expect(result.stdout).not.toMatch(/… and \d+ more/);
    // Every line that was shortened ends after a whole word.
    for (const line of lines.filter((item) => item.endsWith('…'))) expect(line).toMatch(/ …$/);
  });
});

describe('/ree status, Service section', () => {
  it('names the database in use', async () => {
    const cli = session();
    const result = await cli.ask('/ree status');
    expect(result.stdout).toContain(`database: SQLite ${cli.databasePath}`);
  });
});

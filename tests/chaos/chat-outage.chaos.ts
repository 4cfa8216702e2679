import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { TRANSIENT_BACKOFF } from '../../src/pipeline/backoff.js';
import { FixtureServer, json } from '../helpers/fixture-server.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { FAKE_SECRETS, leakedSecrets, recordFigures, useProcesses, waitUntil } from './helpers/chaos.js';
import { FakeSlackServer } from './helpers/fakes.js';
import { prepareDatabase, slackServiceEnv, writeWatchlists } from './helpers/scenario.js';

const CHANNELS = ['C0OUT0001', 'C0OUT0002', 'C0OUT0003', 'C0OUT0004', 'C0OUT0005', 'C0OUT0006'];
const NOTICES = 5;
/** Slack answers 503 for this long, then leaves requests hanging (the adapter times out at 10 s). */
const ERRORS_MS = 10_000;
const TIMEOUTS_MS = 12_000;
const OUTAGE_MS = ERRORS_MS + TIMEOUTS_MS;

const WATCHLIST = `
- id: us-critical-minerals-rules
  title: US rules on rare earths
  kind: notice
  source: federal-register
  query: rare earth
  match: { any: ["rare earth"] }
`;

/**
 * The most attempts one message can make within `windowMs` under the sender's transient backoff: the
 * wait after the n-th failure is at least half of min(max, base·2^(n−1)) (equal jitter), so attempts
 * n+1 start no sooner than the sum of those minimums.
 */
function maxAttemptsWithin(windowMs: number): number {
  let attempts = 1;
  let elapsed = 0;
  for (;;) {
    const ceiling = Math.min(TRANSIENT_BACKOFF.maxMs, TRANSIENT_BACKOFF.baseMs * 2 ** (attempts - 1));
    elapsed += ceiling / 2;
    if (elapsed > windowMs) return attempts;
    attempts++;
  }
}

/** Federal Register documents, in the API's wire shape, that appear one after another. */
function document(n: number) {
  const today = new Date().toISOString().slice(0, 10);
  return {
    document_number: `2026-9${String(n).padStart(4, '0')}`,
    title: `Rare earth export controls: implementing notice No. ${n}`,
    abstract: `Notice ${n} on licensing of rare earth magnets and related items.`,
    html_url: `https://www.federalregister.gov/documents/2026/11/25/2026-9${String(n).padStart(4, '0')}/rare-earth-export-controls`,
    publication_date: today,
    type: 'Notice',
    agencies: [{ name: 'Industry and Security Bureau', raw_name: 'COMMERCE DEPARTMENT' }],
  };
}

const tempDir = useTempDir();
const processes = useProcesses('chat-outage');
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

describe('chat outage (real service, fake Slack answering 503, then timing out, then recovering)', () => {
  it('delivers everything after recovery, in order per channel, with requests bounded by the backoff', async () => {
    const slack = await FakeSlackServer.start({ botToken: FAKE_SECRETS.SLACK_BOT_TOKEN });
    const register = await FixtureServer.start();
    closers.push(
      () => slack.close(),
      () => register.close(),
    );
    let visibleFrom = Number.POSITIVE_INFINITY;
    register.route('/api/v1/documents.json', (req, res) => {
      // Notice n is published 1.5 s + 3 s × n into the outage: new alerts keep coming while Slack is down.
      const shown = Math.max(0, Math.min(NOTICES, Math.floor((Date.now() - visibleFrom + 1_500) / 3_000)));
      const results = Array.from({ length: shown }, (_, i) => document(i + 1)).reverse();
      return json({
        description: 'Documents matching rare earth',
        count: results.length,
        total_pages: 1,
        ...(results.length > 0 ? { results } : {}),
      })(req, res);
    });
    const dir = tempDir();
    writeWatchlists(dir, WATCHLIST);
    const env = slackServiceEnv({
      dir,
      slackApiUrl: slack.apiUrl,
      extra: { FEDERAL_REGISTER_API_URL: register.url, NOTICE_POLL_CRON: '*/3 * * * * *' },
    });
    await prepareDatabase(env.DATABASE_PATH as string, {
      channels: CHANNELS,
      watchlist: 'us-critical-minerals-rules',
    });

    const service = processes.spawn('service', ['start'], env);
    await service.waitFor(/Slack ready/, 'stderr', 60_000);
    const outageStart = Date.now();
    const recoverAt = outageStart + OUTAGE_MS;
    visibleFrom = outageStart;
    slack.answerPostsWith(() => {
      const now = Date.now();
      if (now < outageStart + ERRORS_MS) return { status: 503 };
      if (now < recoverAt) return { hang: true };
      return undefined;
    });

    const db = new Database(env.DATABASE_PATH as string, { readonly: true });
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    await waitUntil(() => Date.now() >= recoverAt, 'the outage to end', OUTAGE_MS + 1_000, 200);
    const queuedDuringOutage = count('SELECT COUNT(*) AS n FROM outbox');
    const noticesSeen = count('SELECT COUNT(*) AS n FROM notices');
    await waitUntil(
      () =>
        count("SELECT COUNT(*) AS n FROM outbox WHERE state = 'pending'") === 0 &&
        count("SELECT COUNT(*) AS n FROM outbox WHERE state = 'delivered'") ===
          count('SELECT COUNT(*) AS n FROM outbox') &&
        count('SELECT COUNT(*) AS n FROM notices') === NOTICES,
      'everything queued to be delivered after recovery',
      120_000,
      250,
    );
    const recoveredAfterS = Math.round((Date.now() - recoverAt) / 1000);
    const queued = count('SELECT COUNT(*) AS n FROM outbox');
    db.close();
    service.kill('SIGTERM');
    expect((await service.exited).code).toBe(0);

    const attempts = slack.calls.filter((call) => call.method === 'chat.postMessage');
    const during = attempts.filter((call) => call.at >= outageStart && call.at < recoverAt);
    const perChannelDuring = CHANNELS.map(
      (channel) => during.filter((call) => call.form.channel === channel).length,
    );
    const bound = maxAttemptsWithin(OUTAGE_MS);
    const answered503 = during.filter((call) => call.at < outageStart + ERRORS_MS).length;
    const timedOut = during.length - answered503;

    // Order: every message of a channel carries only notices newer than those of the message before.
    const orderProblems: string[] = [];
    for (const channel of CHANNELS) {
      const messages = slack.posts
        .filter((post) => post.channel === channel)
        .map((post) => [
          ...new Set(
            [...`${post.text} ${JSON.stringify(post.blocks)}`.matchAll(/notice No\. (\d+)/g)].map((m) =>
              Number(m[1]),
            ),
          ),
        ]);
      const flat = messages.flat();
      if (new Set(flat).size !== NOTICES || flat.length !== NOTICES)
        orderProblems.push(`${channel}: notices ${JSON.stringify(messages)}`);
      for (let i = 1; i < messages.length; i++) {
        if (Math.min(...(messages[i] ?? [])) <= Math.max(...(messages[i - 1] ?? [])))
          orderProblems.push(`${channel}: out of order ${JSON.stringify(messages)}`);
      }
    }
    const leaks = processes.all().flatMap(({ process }) => leakedSecrets(process.stdout + process.stderr));

    recordFigures('chat-outage', [
      {
        fault: 'chat outage',
        measure: 'outage length survived (503, then timeouts)',
        result: `${OUTAGE_MS / 1000} s (${ERRORS_MS / 1000} s of 503, ${TIMEOUTS_MS / 1000} s of hangs); all sent ${recoveredAfterS} s after recovery`,
        expected: 'all delivered after recovery',
        ok: slack.posts.length === queued && orderProblems.length === 0,
      },
      {
        fault: 'chat outage',
        measure: 'messages expected / delivered / duplicated, in order per channel',
        result: `${queued} / ${slack.posts.length} / ${slack.posts.length - queued} (${queuedDuringOutage} queued during the outage, ${CHANNELS.length} channels, ${NOTICES} notices)`,
        expected: `${queued} / ${queued} / 0, in order`,
        ok: slack.posts.length === queued && orderProblems.length === 0,
      },
      {
        fault: 'chat outage',
        measure: 'chat.postMessage requests during the outage (503 / timed out)',
        result: `${during.length} (${answered503} / ${timedOut}); per channel max ${Math.max(...perChannelDuring)}`,
        expected: `≤ ${bound} per channel (backoff ${TRANSIENT_BACKOFF.baseMs / 1000} s·2ⁿ, equal jitter) = ≤ ${bound * CHANNELS.length}`,
        ok: perChannelDuring.every((n) => n <= bound),
      },
    ]);

    expect(noticesSeen).toBeGreaterThan(0);
    expect(queuedDuringOutage).toBeGreaterThan(CHANNELS.length);
    expect(orderProblems).toEqual([]);
    expect(slack.posts).toHaveLength(queued);
    for (const n of perChannelDuring) expect(n).toBeLessThanOrEqual(bound);
    expect(timedOut).toBeGreaterThan(0);
    expect(leaks).toEqual([]);
  }, 200_000);
});

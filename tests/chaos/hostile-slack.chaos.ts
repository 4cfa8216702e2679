import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { signSlackRequest } from '../../adapters/slack/signature.js';
import { postToSlackEvents, type SignedPost, signedForm } from '../helpers/slack-requests.js';
import { useTempDir } from '../helpers/temp-dir.js';
import {
  CHAOS_SEED,
  FAKE_SECRETS,
  type FigureRow,
  leakedSecrets,
  recordFigures,
  seededRandom,
  useProcesses,
} from './helpers/chaos.js';
import { FakeSlackServer } from './helpers/fakes.js';
import { MAGNET_WATCHLIST, slackServiceEnv, writeWatchlists } from './helpers/scenario.js';

const SECRET = FAKE_SECRETS.SLACK_SIGNING_SECRET;
const ADMIN = 'U0ADMIN';
const MINUTE = 60_000;

/** Strings people and attackers paste into a chat box (tests/commands/registry-property.test.ts has more, in-process). */
const HOSTILE_TEXT = [
  '@channel',
  '@here',
  '@everyone',
  '<!here>',
  '<!channel>',
  '<!everyone>',
  '<!subteam^S123>',
  '<@U0ALICE>',
  '<#C123|general>',
  '<https://evil.example|click me>',
  '*bold* _it_ ~s~ `code` ```block```',
  '> quoted\n>>> more',
  "'; DROP TABLE subscriptions; --",
  '\u202Egnp.exe',
  '\u0000\u0007\u001b[31mred',
  'x'.repeat(5_000),
];
const COMMANDS = ['', 'subscribe', 'unsubscribe', 'mute', 'history', 'chart', 'help', 'notices'];

const tempDir = useTempDir();
const processes = useProcesses('hostile-slack');
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const close of closers) await close();
});

/** What a request could have changed: subscriptions, the audit trail, mutes. */
function snapshot(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    return JSON.stringify(
      ['subscriptions', 'subscription_events', 'mutes'].map((table) =>
        db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).raw().all(),
      ),
    );
  } finally {
    db.close();
  }
}

/**
 * The strings Slack parses for mentions and links: the top-level text (notifications) and every mrkdwn
 * text object. plain_text objects are shown as typed, so an echo there cannot ping anyone.
 */
function parsedBySlack(reply: Record<string, unknown>): string[] {
  const found: string[] = typeof reply.text === 'string' ? [reply.text] : [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      if (object.type === 'mrkdwn' && typeof object.text === 'string') found.push(object.text);
      Object.values(object).forEach(walk);
    }
  };
  walk(reply.blocks);
  return found;
}

describe('hostile Slack requests against a real service (HTTP mode, SLACK_ALLOWED_TEAM_IDS and ADMIN_USER_IDS set)', () => {
  it('refuses forged, replayed and altered requests (401, no effect), other workspaces and non-admins (politely, recorded), and escapes every echo', async () => {
    const slack = await FakeSlackServer.start({ botToken: FAKE_SECRETS.SLACK_BOT_TOKEN });
    closers.push(() => slack.close());
    const dir = tempDir();
    writeWatchlists(dir, MAGNET_WATCHLIST);
    const env = slackServiceEnv({
      dir,
      slackApiUrl: slack.apiUrl,
      extra: { SLACK_ALLOWED_TEAM_IDS: 'T0FAKE', ADMIN_USER_IDS: ADMIN },
    });
    const service = processes.spawn('slack-http', ['start'], env);
    await service.waitFor(/Slack ready/, 'stderr', 60_000);
    const eventsUrl = `http://127.0.0.1:${await service.port()}/slack/events`;
    const database = env.DATABASE_PATH as string;

    // 1. Requests that are not Slack's: each must be 401 and change nothing, not even a reply.
    const subscribe = slack.slashCommand('subscribe china-india-magnets', { user_id: ADMIN });
    const now = Date.now();
    const good = signedForm(subscribe, SECRET, now);
    const signedHelp = signedForm(slack.slashCommand('help', { user_id: ADMIN }), SECRET, now);
    const forged: [string, SignedPost][] = [
      ['signed with another secret', signedForm(subscribe, 'not-the-signing-secret', now)],
      ['no signature headers', { body: good.body, omit: ['timestamp', 'signature'] }],
      ['no timestamp header', { ...good, omit: ['timestamp'] }],
      ['signature of zeros', { ...good, signature: `v0=${'0'.repeat(64)}` }],
      ['another scheme (v1=)', { ...good, signature: good.signature?.replace('v0=', 'v1=') }],
      ['replayed 6 minutes later', signedForm(subscribe, SECRET, now - 6 * MINUTE)],
      ['replayed 1 hour later', signedForm(subscribe, SECRET, now - 60 * MINUTE)],
      ['timestamp 6 minutes ahead', signedForm(subscribe, SECRET, now + 6 * MINUTE)],
      ['body altered after signing (help → subscribe)', { ...signedHelp, body: good.body }],
      ['timestamp altered after signing', { ...good, timestamp: String(Number(good.timestamp) - 1) }],
      [
        'channel altered after signing',
        { ...good, body: good.body.replace('channel_id=C0ALERTS', 'channel_id=C0OTHER') },
      ],
      ['byte appended after signing', { ...good, body: `${good.body}&x=1` }],
      [
        'signature of another timestamp',
        {
          ...good,
          signature: signSlackRequest(good.body, String(Number(good.timestamp) + 1), SECRET),
        },
      ],
    ];
    const before = snapshot(database);
    const forgedStatuses: { what: string; status: number }[] = [];
    for (const [what, post] of forged) {
      const response = await postToSlackEvents(eventsUrl, post);
      await response.arrayBuffer();
      forgedStatuses.push({ what, status: response.status });
    }
    // A genuine request afterwards is answered, so the silence above was refusal, not a dead service.
    const help = await postToSlackEvents(
      eventsUrl,
      signedForm(slack.slashCommand('help'), SECRET, Date.now()),
    );
    expect(help.status).toBe(200);
    await slack.waitFor(() => slack.responses[0], 'the reply to a genuine /ree help');
    const forgedRefused = forgedStatuses.filter((entry) => entry.status === 401).length;
    const forgedHadEffect = snapshot(database) !== before || slack.responses.length !== 1;

    // 2. Another workspace, correctly signed: refused in the ack, nothing run.
    const otherTeam = await postToSlackEvents(
      eventsUrl,
      signedForm(
        slack.slashCommand('subscribe china-india-magnets', { team_id: 'T0EVIL', user_id: ADMIN }),
        SECRET,
        Date.now(),
      ),
    );
    const otherTeamBody = (await otherTeam.json()) as { text?: string };
    const teamRefused =
      otherTeam.status === 200 &&
      otherTeamBody.text === 'ree-watch is not enabled for this Slack workspace.' &&
      snapshot(database) === before;

    // 3. Someone not in ADMIN_USER_IDS changing the channel: a polite refusal, recorded with who asked.
    const asked = async (text: string, user: string): Promise<Record<string, unknown>> => {
      const count = slack.responses.length;
      const response = await postToSlackEvents(
        eventsUrl,
        signedForm(slack.slashCommand(text, { user_id: user }), SECRET, Date.now()),
      );
      expect(response.status).toBe(200);
      return (await slack.waitFor(() => slack.responses[count], `the reply to /ree ${text}`)).body;
    };
    const changes = ['subscribe china-india-magnets', 'unsubscribe china-india-magnets', 'mute 1d'];
    const nonAdmin = [];
    for (const text of changes) nonAdmin.push(await asked(text, 'U0MALLORY'));
    const db = new Database(database, { readonly: true });
    const refusals = db
      .prepare("SELECT action, actor FROM subscription_events WHERE action LIKE 'refused:%' ORDER BY id")
      .all() as { action: string; actor: string }[];
    const subscriptionsAfterRefusals = (
      db.prepare('SELECT COUNT(*) AS n FROM subscriptions').get() as { n: number }
    ).n;
    db.close();
    const politeRefusals = nonAdmin.filter((body) =>
      /Only the people listed as ree-watch admins/.test(JSON.stringify(body)),
    ).length;
    const adminReply = await asked('subscribe china-india-magnets', ADMIN);

    // 4. Hostile text through the real process: every input answered, nothing becomes a mention or link.
    const random = seededRandom(CHAOS_SEED + 1);
    const fuzz = HOSTILE_TEXT.map((text) => {
      const command = COMMANDS[Math.floor(random() * COMMANDS.length)] ?? '';
      return `${command} ${text}`.trim();
    });
    const unsafe: string[] = [];
    for (const text of fuzz) {
      const reply = await asked(text, ADMIN);
      const parsed = parsedBySlack(reply).join('\n');
      if (/<[!@#]|<https?:|@(here|channel|everyone)\b/.test(parsed))
        unsafe.push(`${JSON.stringify(text.slice(0, 40))} → ${parsed.slice(0, 160)}`);
    }

    service.kill('SIGTERM');
    expect((await service.exited).code).toBe(0);
    const leaks = leakedSecrets(service.stdout + service.stderr);

    const tried = forged.length + 1 + changes.length + fuzz.length;
    const refused =
      forgedRefused +
      (teamRefused ? 1 : 0) +
      Math.min(politeRefusals, refusals.length) +
      (fuzz.length - unsafe.length);
    const rows: FigureRow[] = [
      {
        fault: 'hostile input',
        measure: 'Slack forged / replayed (> 5 min) / altered-after-signing requests → 401, no effect',
        result: `${forgedRefused}/${forged.length} → 401; ${forgedHadEffect ? 'HAD an effect' : 'no effect'}`,
        expected: `${forged.length}/${forged.length}, no effect`,
        ok: forgedRefused === forged.length && !forgedHadEffect,
      },
      {
        fault: 'hostile input',
        measure: 'Slack workspace not in SLACK_ALLOWED_TEAM_IDS',
        result: teamRefused ? 'refused, nothing run' : `NOT refused: ${JSON.stringify(otherTeamBody)}`,
        expected: 'refused',
        ok: teamRefused,
      },
      {
        fault: 'hostile input',
        measure: 'Slack user not in ADMIN_USER_IDS changing a channel (polite refusal, recorded)',
        result: `${politeRefusals}/${changes.length} refused politely, ${refusals.length} recorded; ${subscriptionsAfterRefusals} subscriptions; an admin then succeeds`,
        expected: `${changes.length}/${changes.length}, ${changes.length} recorded, 0 subscriptions`,
        ok:
          politeRefusals === changes.length &&
          refusals.length === changes.length &&
          subscriptionsAfterRefusals === 0 &&
          /now follows/.test(String(adminReply.text)),
      },
      {
        fault: 'hostile input',
        measure: 'hostile command text through the real Slack service (answered, no mention/link escapes)',
        result: `${fuzz.length - unsafe.length}/${fuzz.length}`,
        expected: `${fuzz.length}/${fuzz.length}`,
        ok: unsafe.length === 0,
      },
    ];
    recordFigures('hostile-slack', rows, { hostileTried: tried, hostileRefused: refused });

    expect(forgedStatuses.filter((entry) => entry.status !== 401)).toEqual([]);
    expect(forgedHadEffect).toBe(false);
    expect(otherTeamBody).toEqual({
      response_type: 'ephemeral',
      text: 'ree-watch is not enabled for this Slack workspace.',
    });
    expect(teamRefused).toBe(true);
    expect(politeRefusals).toBe(changes.length);
    expect(refusals).toEqual(
      changes.map((text) => ({ action: `refused:${text.split(' ')[0]}`, actor: 'U0MALLORY' })),
    );
    expect(subscriptionsAfterRefusals).toBe(0);
    expect(adminReply.text).toBe('✅ This channel now follows china-india-magnets');
    expect(unsafe).toEqual([]);
    expect(leaks).toEqual([]);
  }, 120_000);
});

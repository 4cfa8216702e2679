import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { DAY_MS, HOUR_MS } from '../../src/model/time.js';
import { AlertCycle } from '../../src/pipeline/alert-cycle.js';
import { engine, TEST_WATCHLISTS } from '../helpers/engine.js';
import { seedMonths, seedNotice, subscribeAll } from '../helpers/seed.js';

const MAGNETS = 'china-india-magnets';

function lines(
  adapter: { delivered(channel?: string): { payload: Record<string, unknown> }[] },
  channel: string,
) {
  return adapter.delivered(channel).map((send) => send.payload.lines);
}

describe('the seed story through the whole pipeline', () => {
  it('tells a fall once on 100 → 42, stays quiet on the same data, tells the recovery once on 95, then stays quiet', async () => {
    const e = await engine();
    await subscribeAll(e.storage, 'slack', ['C1'], [MAGNETS]);
    await subscribeAll(e.storage, 'discord', ['111111111111111111'], [MAGNETS]);
    await seedMonths(e.storage, { '2025-03': 100, '2025-04': 42 });

    expect(await e.cycle.run()).toMatchObject({ series: { enter: 1 }, digests: 2, enqueued: 2 });
    await e.deliverAll();
    e.clock.advance(6 * HOUR_MS);
    expect(await e.cycle.run()).toMatchObject({ series: { enter: 0, none: 1 }, enqueued: 0 });
    await e.deliverAll();

    expect(lines(e.adapter('slack'), 'C1')).toEqual([
      ["enter China → India rare-earth magnet exports fell to $42 in April 2025, -58% on March's $100"],
    ]);
    expect(lines(e.adapter('discord'), '111111111111111111')).toHaveLength(1);

    await seedMonths(e.storage, { '2025-05': 95 });
    e.clock.advance(6 * HOUR_MS);
    expect(await e.cycle.run()).toMatchObject({
      series: { recover: 1 },
      transitions: { resolved: 1 },
      enqueued: 2,
    });
    e.clock.advance(6 * HOUR_MS);
    expect(await e.cycle.run()).toMatchObject({ enqueued: 0 });
    await e.deliverAll();

    expect(lines(e.adapter('slack'), 'C1')[1]).toEqual([
      "recover China → India rare-earth magnet exports recovered to $95 in May 2025, +126% on April's $42",
    ]);
    expect(await e.storage.alerts.active()).toEqual([]);
    expect(e.adapter('slack').delivered()[1]?.payload.title).toBe('Rare-earth watch: 1 series recovered');
  });

  it('a missing month fires nothing and resolves nothing; /ree status can say why', async () => {
    const e = await engine();
    await subscribeAll(e.storage, 'slack', ['C1'], [MAGNETS]);
    await seedMonths(e.storage, { '2025-02': 100, '2025-04': 42 });
    expect(await e.cycle.run()).toMatchObject({ transitions: { firing: 0 }, skipped: 1, enqueued: 0 });
    expect(await e.storage.ruleSkips.list(MAGNETS)).toEqual([
      {
        watchlist: MAGNETS,
        rule: 'drop:previous-month:20%',
        subject: 'hs-850511',
        period: '2025-04',
        reason: 'missing month: no figure for March 2025',
        at: e.clock.now(),
      },
    ]);

    // A firing alert followed by a gap is neither told again nor resolved while the data cannot tell.
    await seedMonths(e.storage, { '2025-03': 100 });
    await e.cycle.run();
    await seedMonths(e.storage, { '2025-06': 95 });
    e.clock.advance(8 * DAY_MS);
    expect(await e.cycle.run()).toMatchObject({
      transitions: { firing: 0, resolved: 0 },
      series: { recover: 0, still: 1 },
      enqueued: 0,
    });
    expect((await e.storage.alerts.active()).map((alert) => alert.period)).toEqual(['2025-04']);
    expect((await e.storage.ruleSkips.list())[0]?.reason).toBe('missing month: no figure for May 2025');
  });

  it('reminds only when the watchlist sets repeat, then every repeat interval (7 days) and only then', async () => {
    for (const [repeat, expected] of [
      ['', ['0', '0', '0', '0', '0']],
      ['7d', ['0', '0', '1', '0', '1']],
    ] as const) {
      const e = await engine({
        yaml: TEST_WATCHLISTS.replace('kind: trade', `kind: trade${repeat ? `\n  repeat: ${repeat}` : ''}`),
      });
      await subscribeAll(e.storage, 'slack', ['C1'], [MAGNETS]);
      await seedMonths(e.storage, { '2025-03': 100, '2025-04': 42 });
      await e.cycle.run();
      await e.deliverAll();
      const reminders: string[] = [];
      for (const hours of [24, 24 * 6 - 1, 1, 24, 24 * 6]) {
        e.clock.advance(hours * HOUR_MS);
        const report = await e.cycle.run();
        await e.deliverAll();
        reminders.push(`${report.series.remind}`);
      }
      // 1 d, 7 d - 1 h: not yet; 7 d: remind; 8 d: not again; 14 d: remind.
      expect(reminders).toEqual(expected);
    }
    const e = await engine({ yaml: TEST_WATCHLISTS.replace('kind: trade', 'kind: trade\n  repeat: 7d') });
    await subscribeAll(e.storage, 'slack', ['C1'], [MAGNETS]);
    await seedMonths(e.storage, { '2025-03': 100, '2025-04': 42 });
    await e.cycle.run();
    await e.deliverAll();
    e.clock.advance(7 * DAY_MS);
    await e.cycle.run();
    await e.deliverAll();
    expect(
      e
        .adapter('slack')
        .delivered('C1')
        .map((send) => send.payload.title),
    ).toEqual(['Rare-earth watch: 1 series fell', 'Rare-earth watch: 1 series still falling']);
  });

  it('a newer month that still fires replaces the older alert: silent unless a step deeper, never "resolved"', async () => {
    const e = await engine({
      yaml: TEST_WATCHLISTS.replace(
        'compare: previous-month, percent: 20',
        'compare: same-month-last-year, percent: 30',
      ),
    });
    const RULE = 'drop:same-month-last-year:30%';
    await subscribeAll(e.storage, 'slack', ['C1'], [MAGNETS]);
    await seedMonths(e.storage, { '2024-04': 100, '2024-05': 100, '2024-06': 100, '2025-04': 60 });
    expect(await e.cycle.run()).toMatchObject({ series: { enter: 1 } });
    // May: -70% y/y, and 30 is another step (20%) below the 60 the channel was told.
    await seedMonths(e.storage, { '2025-05': 30 });
    expect(await e.cycle.run()).toMatchObject({
      transitions: { firing: 1, closed: 1, resolved: 0 },
      series: { change: 1 },
    });
    // June: -72% y/y, but 28 is not a step below the 30 told: recorded, not posted.
    await seedMonths(e.storage, { '2025-06': 28 });
    expect(await e.cycle.run()).toMatchObject({
      transitions: { firing: 1, closed: 1, resolved: 0 },
      series: { still: 1 },
      enqueued: 0,
    });
    await e.deliverAll();
    expect(lines(e.adapter('slack'), 'C1')).toEqual([
      ["enter China → India rare-earth magnet exports fell to $60 in April 2025, -40% on April 2024's $100"],
      [
        "change China → India rare-earth magnet exports fell further to $30 in May 2025, -70% on May 2024's $100",
      ],
    ]);
    const alerts = e.storage.alerts;
    for (const [period, newer] of [
      ['2025-04', '2025-05'],
      ['2025-05', '2025-06'],
    ])
      expect(await alerts.get(`${MAGNETS}/${RULE}/hs-850511/${period}`)).toMatchObject({
        state: 'resolved',
        detail: { replacedBy: newer },
      });
    expect((await alerts.get(`${MAGNETS}/${RULE}/hs-850511/2025-05`))?.detail.resolution).toBeUndefined();
  });
});

const SERIES_RULES = `
- id: china-us-magnets
  title: China → United States rare-earth magnet exports
  kind: trade
  source: comtrade
  reporter: CN
  partner: US
  flow: export
  hs: ["850511"]
  measure: weight
  rules:
    - { type: drop, compare: previous-month, percent: 25 }
    - { type: drop, compare: same-month-last-year, percent: 30 }
    - { type: rise, compare: previous-month, percent: 50 }
`;
const US = { partner: 'US', unit: 'kg' };
const US_KEY = 'china-us-magnets';

describe('one entry per series and month', () => {
  it('puts every rule of the month into one entry: the strongest signal, then every comparison', async () => {
    const e = await engine({ yaml: SERIES_RULES });
    await subscribeAll(e.storage, 'slack', ['C1'], [US_KEY]);
    // China → US magnets, 2024–2025 (tonnes as kg): the May collapse, then June's rebound.
    await seedMonths(
      e.storage,
      { '2024-05': 657_000, '2024-06': 625_000, '2025-04': 256_000, '2025-05': 46_000 },
      US,
    );
    expect(await e.cycle.run()).toMatchObject({ series: { enter: 1 }, transitions: { firing: 2 } });
    await seedMonths(e.storage, { '2025-06': 353_000 }, US);
    expect(await e.cycle.run()).toMatchObject({
      series: { change: 1 },
      transitions: { firing: 2, resolved: 1, closed: 1 },
    });
    await e.deliverAll();
    const [may, june] = e.adapter('slack').delivered('C1');
    expect(may?.payload).toMatchObject({
      lines: [
        "enter China → United States rare-earth magnet exports fell to 46 t in May 2025, -82% on April's 256 t",
      ],
      comparisons: ['-82% m/m (256 t) ▼ · -93% y/y (657 t) ▼'],
    });
    expect(june?.payload).toMatchObject({
      title: 'Rare-earth watch: 1 series rose',
      lines: [
        "change China → United States rare-earth magnet exports rebounded to 353 t in June 2025, +667% on May's 46 t",
      ],
      comparisons: [
        '+667% m/m (46 t) ▲ · still -44% y/y (625 t) ▼; back above the -25% monthly-drop threshold',
      ],
    });
  });

  it('a rise ending is not a message, and neither is one rule of several going quiet', async () => {
    const e = await engine({ yaml: SERIES_RULES });
    await subscribeAll(e.storage, 'slack', ['C1'], [US_KEY]);
    await seedMonths(
      e.storage,
      { '2024-06': 400_000, '2024-07': 400_000, '2025-05': 100_000, '2025-06': 353_000 },
      US,
    );
    expect(await e.cycle.run()).toMatchObject({ series: { enter: 1 } });
    await e.deliverAll();
    // July: +5% m/m, -7% y/y: the rise rule goes quiet and nothing else holds.
    e.clock.advance(30 * DAY_MS);
    await seedMonths(e.storage, { '2025-07': 371_000 }, US);
    expect(await e.cycle.run()).toMatchObject({
      series: { end: 1 },
      transitions: { resolved: 1 },
      enqueued: 0,
    });
    await e.deliverAll();
    expect(e.adapter('slack').delivered('C1')).toHaveLength(1);
    // The record says the rise ended, and that no channel was told.
    const ended = await e.storage.alerts.get(`${US_KEY}/rise:previous-month:50%/hs-850511/2025-06`);
    expect(ended).toMatchObject({ state: 'resolved', lastNotifiedAt: expect.any(Number) });
    expect(ended?.resolvedAt).not.toBe(ended?.lastNotifiedAt);

    // Another series: May falls on both rules; in June the m/m drop goes quiet while y/y holds.
    const quiet = await engine({ yaml: SERIES_RULES });
    await subscribeAll(quiet.storage, 'slack', ['C1'], [US_KEY]);
    await seedMonths(
      quiet.storage,
      { '2024-05': 657_000, '2024-06': 625_000, '2025-04': 256_000, '2025-05': 46_000 },
      US,
    );
    expect(await quiet.cycle.run()).toMatchObject({ series: { enter: 1 }, enqueued: 1 });
    await seedMonths(quiet.storage, { '2025-06': 50_000 }, US);
    expect(await quiet.cycle.run()).toMatchObject({
      series: { quiet: 1 },
      transitions: { resolved: 1 },
      enqueued: 0,
    });
  });

  it('notify_resolved: false keeps a recovery out of the channel', async () => {
    const e = await engine({
      yaml: TEST_WATCHLISTS.replace(
        '{ type: drop, compare: previous-month, percent: 20 }',
        '{ type: drop, compare: previous-month, percent: 20, notify_resolved: false }',
      ),
    });
    await subscribeAll(e.storage, 'slack', ['C1'], [MAGNETS]);
    await seedMonths(e.storage, { '2025-03': 100, '2025-04': 42 });
    await e.cycle.run();
    await seedMonths(e.storage, { '2025-05': 95 });
    expect(await e.cycle.run()).toMatchObject({
      series: { end: 1 },
      transitions: { resolved: 1 },
      enqueued: 0,
    });
  });
});

describe('grouping, mutes and failing channels', () => {
  it("puts one cycle's series and notices for a channel into one message, notices grouped by source", async () => {
    const e = await engine();
    await subscribeAll(e.storage, 'slack', ['C1'], [MAGNETS, 'china-export-controls']);
    await seedMonths(e.storage, { '2025-03': 100, '2025-04': 42 });
    const now = e.clock.now();
    await seedNotice(
      e.storage,
      { id: 'n61', title: '关于对稀土相关物项实施出口管制的公告', publishedAt: now - DAY_MS },
      now,
    );
    await seedNotice(
      e.storage,
      { id: 'n62', title: 'Export control on rare earth technologies', publishedAt: now - DAY_MS },
      now,
    );
    expect(await e.cycle.run()).toMatchObject({ transitions: { firing: 3 }, digests: 1, enqueued: 1 });
    await e.deliverAll();
    const [message] = e.adapter('slack').delivered('C1');
    expect(message?.payload.title).toBe('Rare-earth watch: 1 series fell · 2 new China MOFCOM notices');
    expect(message?.payload.lines).toEqual([
      "enter China → India rare-earth magnet exports fell to $42 in April 2025, -58% on March's $100",
      'notice 关于对稀土相关物项实施出口管制的公告',
      'notice Export control on rare earth technologies',
    ]);
  });

  it('records muted alerts but does not send them; other channels still get them', async () => {
    const e = await engine({ yaml: TEST_WATCHLISTS.replace('kind: trade', 'kind: trade\n  repeat: 7d') });
    await subscribeAll(e.storage, 'slack', ['C1', 'C2'], [MAGNETS]);
    await e.mutes.mute(
      { platform: 'slack', channel: 'C1' },
      MAGNETS,
      e.clock.now() + DAY_MS,
      'U1',
      e.clock.now(),
    );
    await seedMonths(e.storage, { '2025-03': 100, '2025-04': 42 });
    expect(await e.cycle.run()).toMatchObject({ notifications: 2, held: { muted: 1 }, digests: 1 });
    await e.deliverAll();
    expect(e.adapter('slack').channels()).toEqual(['C2']);
    expect(await e.storage.alerts.active()).toHaveLength(1);
    // The mute ending does not replay the alert; the next reminder reaches both channels.
    e.clock.advance(7 * DAY_MS);
    await e.cycle.run();
    await e.deliverAll();
    const channels = e
      .adapter('slack')
      .delivered()
      .map((send) => send.channel);
    // Channels are sent to side by side, so the reminder's two sends may land in either order.
    expect(channels[0]).toBe('C2');
    expect(channels.slice(1).sort()).toEqual(['C1', 'C2']);
  });

  it('does not queue messages for a channel flagged failing', async () => {
    const e = await engine();
    await subscribeAll(e.storage, 'slack', ['C1', 'C2'], [MAGNETS]);
    await e.subscriptions.markChannel(
      { platform: 'slack', channel: 'C1' },
      'failing',
      'channel_not_found',
      0,
    );
    await seedMonths(e.storage, { '2025-03': 100, '2025-04': 42 });
    expect(await e.cycle.run()).toMatchObject({ held: { 'failing-channel': 1 }, enqueued: 1 });
  });
});

describe('charts with drop alerts', () => {
  it('a drop alert carries its series chart, after the digest, on platforms that post images only', async () => {
    const e = await engine({ platforms: ['slack', 'console'], postsImages: ['slack'] });
    await subscribeAll(e.storage, 'slack', ['C1', 'C2'], [MAGNETS]);
    await subscribeAll(e.storage, 'console', ['console'], [MAGNETS]);
    await seedMonths(e.storage, { '2025-02': 98, '2025-03': 100, '2025-04': 42 });

    // One message per channel; Slack's adapter renders each into the digest and its chart when sent.
    expect(await e.cycle.run()).toMatchObject({ digests: 3, enqueued: 3 });
    await e.deliverAll();
    for (const channel of ['C1', 'C2']) {
      const [digest, chart] = e.adapter('slack').delivered(channel);
      expect(digest?.payload.lines).toEqual([expect.stringContaining('fell to $42 in April 2025')]);
      expect(chart?.payload).toEqual({
        chart: 'china-india-magnets/850511',
        filename: 'china-india-magnets-24m.png',
        pngBytes: expect.any(Number),
      });
      expect(chart?.payload.pngBytes).toBeGreaterThan(1_000);
    }
    expect(e.adapter('console').delivered()).toHaveLength(1);

    // Recovered: nothing to chart.
    await seedMonths(e.storage, { '2025-05': 95 });
    e.clock.advance(6 * HOUR_MS);
    expect(await e.cycle.run()).toMatchObject({ series: { recover: 1 }, enqueued: 3 });
  });

  it('notices carry no chart', async () => {
    const e = await engine({ platforms: ['slack'], postsImages: ['slack'] });
    await subscribeAll(e.storage, 'slack', ['C1'], ['china-export-controls']);
    const now = e.clock.now();
    await seedNotice(e.storage, { id: 'n18', title: 'Rare earth export controls', publishedAt: now }, now);
    expect(await e.cycle.run()).toMatchObject({ transitions: { firing: 1 }, enqueued: 1 });
  });
});

describe('notices', () => {
  it('fire once, only when new and recent enough', async () => {
    const e = await engine();
    await subscribeAll(e.storage, 'discord', ['222222222222222222'], ['china-export-controls']);
    const now = e.clock.now();
    await seedNotice(
      e.storage,
      { id: 'old', title: '稀土出口管制 (2024)', publishedAt: now - 90 * DAY_MS },
      now,
    );
    await seedNotice(
      e.storage,
      { id: 'fair', title: 'Canton Fair opening hours', publishedAt: now - DAY_MS },
      now,
    );
    await seedNotice(
      e.storage,
      { id: 'n18', title: 'Announcement No. 18 of 2025 on RARE-EARTH export controls', publishedAt: now },
      now,
    );
    expect(await e.cycle.run()).toMatchObject({ transitions: { firing: 1 }, enqueued: 1 });
    await e.deliverAll();
    e.clock.advance(HOUR_MS);
    expect(await e.cycle.run()).toMatchObject({ transitions: { firing: 0 }, enqueued: 0 });
    e.clock.advance(30 * DAY_MS);
    expect(await e.cycle.run()).toMatchObject({ transitions: { firing: 0 }, enqueued: 0 });
    expect(lines(e.adapter('discord'), '222222222222222222')).toEqual([
      ['notice Announcement No. 18 of 2025 on RARE-EARTH export controls'],
    ]);
    expect(await e.storage.alerts.active()).toEqual([]);
  });

  it('an RSS watchlist alerts only on items of its own feed, even when another feed matches its keywords', async () => {
    const feedA = 'https://agency-a.example/news.rss';
    const feedB = 'https://agency-b.example/news.rss';
    const e = await engine({
      yaml: `
- { id: feed-a, title: Agency A, kind: notice, source: rss, feed: "${feedA}", match: { any: [rare earth] } }
- { id: feed-b, title: Agency B, kind: notice, source: rss, feed: "${feedB}", match: { any: [rare earth] } }
`,
    });
    await subscribeAll(e.storage, 'slack', ['C-A'], ['feed-a']);
    await subscribeAll(e.storage, 'slack', ['C-B'], ['feed-b']);
    const now = e.clock.now();
    await seedNotice(
      e.storage,
      { source: 'rss', id: 'a1', title: 'A: rare earth licences resume', publishedAt: now, feed: feedA },
      now,
    );
    await seedNotice(
      e.storage,
      { source: 'rss', id: 'b1', title: 'B: rare earth quota cut', publishedAt: now, feed: feedB },
      now,
    );
    await e.cycle.run();
    await e.deliverAll();
    expect(JSON.stringify(lines(e.adapter('slack'), 'C-A'))).toContain('A: rare earth licences resume');
    expect(JSON.stringify(lines(e.adapter('slack'), 'C-A'))).not.toContain('B: rare earth quota cut');
    expect(JSON.stringify(lines(e.adapter('slack'), 'C-B'))).toContain('B: rare earth quota cut');
    expect(JSON.stringify(lines(e.adapter('slack'), 'C-B'))).not.toContain('A: rare earth');
  });
});

describe('atomicity', () => {
  it('renders nothing while evaluating: a renderer that fails at send gives up that message only, with the reason', async () => {
    const e = await engine({ platforms: ['slack'] });
    await subscribeAll(e.storage, 'slack', ['C1'], [MAGNETS]);
    await seedMonths(e.storage, { '2025-03': 100, '2025-04': 42 });
    const broken = new (await import('../helpers/fake-chat-adapter.js')).FakeChatAdapter('slack', e.clock, {
      failRender: true,
    });
    const working = e.adapter('slack');
    e.adapters.set('slack', broken);
    expect(await e.cycle.run()).toMatchObject({ transitions: { firing: 1 }, enqueued: 1 });
    expect(await e.storage.alerts.active()).toHaveLength(1);
    expect((await e.deliverAll()).drains[0]).toMatchObject({ delivered: 0, failed: 1 });
    expect(await e.storage.sql.get('SELECT state, last_error FROM outbox')).toEqual({
      state: 'failed',
      last_error: 'could not render the message for slack: render failed',
    });
    expect(await e.subscriptions.channelHealth({ platform: 'slack', channel: 'C1' })).not.toMatchObject({
      status: 'failing',
    });

    // The channel goes on: the next cycle's news reaches it.
    e.adapters.set('slack', working);
    await seedMonths(e.storage, { '2025-05': 95 });
    e.clock.advance(6 * HOUR_MS);
    expect(await e.cycle.run()).toMatchObject({ series: { recover: 1 }, enqueued: 1 });
    await e.deliverAll();
    expect(working.delivered('C1')).toHaveLength(1);
  });

  it('a digest split for a platform goes out part by part: a part that fails is retried, one that went out is not resent', async () => {
    const e = await engine({ platforms: ['discord'], alertsPerMessage: 1 });
    await subscribeAll(e.storage, 'discord', ['222222222222222222'], ['china-export-controls']);
    const now = e.clock.now();
    await seedNotice(e.storage, { id: 'n18', title: 'Rare earth export controls', publishedAt: now }, now);
    await seedNotice(e.storage, { id: 'n61', title: 'Rare earth licences', publishedAt: now }, now);
    expect(await e.cycle.run()).toMatchObject({ enqueued: 1 });
    const discord = e.adapter('discord');
    discord.answer([{ ok: true }, { ok: false, kind: 'transient', error: 'HTTP 503' }]);
    await e.deliverAll();
    const sent = discord.sends.map((send) => [send.payload.part, send.result.ok, send.idempotencyKey]);
    expect(sent).toEqual([
      [1, true, expect.stringMatching(/:1$/)],
      [2, false, expect.stringMatching(/:2$/)],
      [2, true, expect.stringMatching(/:2$/)],
    ]);
    expect(await e.storage.sql.get('SELECT state FROM outbox')).toEqual({ state: 'delivered' });
  });

  it('evaluates and queues while no chat adapter runs; what was queued is sent once one does', async () => {
    const e = await engine({ platforms: ['slack'] });
    await subscribeAll(e.storage, 'slack', ['C1'], [MAGNETS]);
    await seedMonths(e.storage, { '2025-03': 100, '2025-04': 42 });
    const slack = e.adapter('slack');
    const cycle = new AlertCycle({
      storage: e.storage,
      clock: e.clock,
      logger: silentLogger(),
      metrics: e.metrics,
      watchlists: e.watchlists,
      platforms: () => new Set(['slack']),
    });
    e.adapters.clear();
    expect(await cycle.run()).toMatchObject({ transitions: { firing: 1 }, enqueued: 1 });
    expect((await e.sender.drainOnce()).delivered).toBe(0);

    e.adapters.set('slack', slack);
    await e.deliverAll();
    expect(lines(slack, 'C1')).toEqual([[expect.stringContaining('fell to $42 in April 2025')]]);
  });

  it('counts told transitions in the alerts metric', async () => {
    const e = await engine();
    await subscribeAll(e.storage, 'slack', ['C1'], [MAGNETS]);
    await seedMonths(e.storage, { '2025-03': 100, '2025-04': 42 });
    await e.cycle.run();
    await seedMonths(e.storage, { '2025-05': 95 });
    await e.cycle.run();
    const text = await e.metrics.render();
    expect(text).toContain('ree_alerts_total{watchlist="china-india-magnets",state="firing"} 1');
    expect(text).toContain('ree_alerts_total{watchlist="china-india-magnets",state="resolved"} 1');
  });
});

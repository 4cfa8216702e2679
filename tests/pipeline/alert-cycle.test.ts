import { describe, expect, it } from 'vitest';
import { DAY_MS, HOUR_MS } from '../../src/clock.js';
import { AlertStore } from '../../src/store/alerts.js';
import { RuleSkipStore } from '../../src/store/rule-skips.js';
import { engine } from '../helpers/engine.js';
import { seedMonths, seedNotice, subscribeAll } from '../helpers/seed.js';

const MAGNETS = 'china-india-magnets';

function lines(
  adapter: { delivered(channel?: string): { payload: Record<string, unknown> }[] },
  channel: string,
) {
  return adapter.delivered(channel).map((send) => send.payload.lines);
}

describe('the seed story through the whole pipeline', () => {
  it('fires once on 100 → 42, stays quiet on the same data, resolves once on 95, then stays quiet', async () => {
    const e = engine();
    subscribeAll(e.db, 'slack', ['C1'], [MAGNETS]);
    subscribeAll(e.db, 'discord', ['111111111111111111'], [MAGNETS]);
    seedMonths(e.db, { '2025-03': 100, '2025-04': 42 });

    expect(e.cycle.run()).toMatchObject({ transitions: { firing: 1 }, digests: 2, enqueued: 2 });
    await e.deliverAll();
    e.clock.advance(6 * HOUR_MS);
    expect(e.cycle.run()).toMatchObject({ transitions: { firing: 0, unchanged: 1 }, enqueued: 0 });
    await e.deliverAll();

    expect(lines(e.adapter('slack'), 'C1')).toEqual([
      [
        'firing China → India rare-earth magnet exports fell 58% in April 2025: $42, down from $100 in March 2025.',
      ],
    ]);
    expect(lines(e.adapter('discord'), '111111111111111111')).toHaveLength(1);

    seedMonths(e.db, { '2025-05': 95 });
    e.clock.advance(6 * HOUR_MS);
    expect(e.cycle.run()).toMatchObject({ transitions: { resolved: 1 }, enqueued: 2 });
    e.clock.advance(6 * HOUR_MS);
    expect(e.cycle.run()).toMatchObject({ enqueued: 0 });
    await e.deliverAll();

    expect(lines(e.adapter('slack'), 'C1')).toEqual([
      [
        'firing China → India rare-earth magnet exports fell 58% in April 2025: $42, down from $100 in March 2025.',
      ],
      [
        'resolved China → India rare-earth magnet exports in May 2025: $95, +126% against April 2025; no longer a drop of 20% or more from the previous month.',
      ],
    ]);
    expect(new AlertStore(e.db).active()).toEqual([]);
    expect(e.adapter('slack').delivered()[1]?.payload.title).toBe('Rare-earth watch: 1 resolved');
  });

  it('a missing month fires nothing and resolves nothing; /ree status can say why', async () => {
    const e = engine();
    subscribeAll(e.db, 'slack', ['C1'], [MAGNETS]);
    seedMonths(e.db, { '2025-02': 100, '2025-04': 42 });
    expect(e.cycle.run()).toMatchObject({ transitions: { firing: 0 }, skipped: 1, enqueued: 0 });
    expect(new RuleSkipStore(e.db).list(MAGNETS)).toEqual([
      {
        watchlist: MAGNETS,
        rule: 'drop:previous-month:20%',
        subject: 'hs-850511',
        period: '2025-04',
        reason: 'missing month: no figure for March 2025',
        at: e.clock.now(),
      },
    ]);

    // A firing alert followed by a gap is neither repeated nor resolved while the data cannot tell.
    seedMonths(e.db, { '2025-03': 100 });
    e.cycle.run();
    seedMonths(e.db, { '2025-06': 95 });
    e.clock.advance(8 * DAY_MS);
    expect(e.cycle.run()).toMatchObject({ transitions: { firing: 0, repeat: 0, resolved: 0 }, enqueued: 0 });
    expect(new AlertStore(e.db).active().map((alert) => alert.period)).toEqual(['2025-04']);
    expect(new RuleSkipStore(e.db).list()[0]?.reason).toBe('missing month: no figure for May 2025');
  });

  it('reminds while still true after the repeat interval (7 days), and only then', async () => {
    const e = engine();
    subscribeAll(e.db, 'slack', ['C1'], [MAGNETS]);
    seedMonths(e.db, { '2025-03': 100, '2025-04': 42 });
    e.cycle.run();
    await e.deliverAll();
    const states: string[] = [];
    for (const hours of [24, 24 * 6 - 1, 1, 24, 24 * 6]) {
      e.clock.advance(hours * HOUR_MS);
      const report = e.cycle.run();
      await e.deliverAll();
      states.push(`${report.transitions.repeat}`);
    }
    // 1 d, 7 d - 1 h: not yet; 7 d: repeat; 8 d: not again; 14 d: repeat.
    expect(states).toEqual(['0', '0', '1', '0', '1']);
    expect(
      e
        .adapter('slack')
        .delivered('C1')
        .map((send) => send.payload.title),
    ).toEqual([
      'Rare-earth watch: 1 new alert',
      'Rare-earth watch: 1 reminder',
      'Rare-earth watch: 1 reminder',
    ]);
  });

  it('a newer month that still fires supersedes the older alert without a "resolved" message', async () => {
    const e = engine();
    subscribeAll(e.db, 'slack', ['C1'], [MAGNETS]);
    seedMonths(e.db, { '2025-03': 100, '2025-04': 42 });
    e.cycle.run();
    seedMonths(e.db, { '2025-05': 30 });
    expect(e.cycle.run()).toMatchObject({ transitions: { firing: 1, closed: 1, resolved: 0 } });
    await e.deliverAll();
    expect(lines(e.adapter('slack'), 'C1')[1]).toEqual([
      'firing China → India rare-earth magnet exports fell 29% in May 2025: $30, down from $42 in April 2025.',
    ]);
    const april = new AlertStore(e.db).get(`${MAGNETS}/drop:previous-month:20%/hs-850511/2025-04`);
    expect(april).toMatchObject({
      state: 'resolved',
      detail: { closedBecause: 'superseded by the alert for 2025-05' },
    });
  });
});

describe('grouping, mutes and failing channels', () => {
  it('puts every alert of one cycle for a channel into one message', async () => {
    const e = engine();
    subscribeAll(e.db, 'slack', ['C1'], [MAGNETS, 'china-export-controls']);
    seedMonths(e.db, { '2025-03': 100, '2025-04': 42 });
    const now = e.clock.now();
    seedNotice(
      e.db,
      { id: 'n61', title: '关于对稀土相关物项实施出口管制的公告', publishedAt: now - DAY_MS },
      now,
    );
    seedNotice(
      e.db,
      { id: 'n62', title: 'Export control on rare earth technologies', publishedAt: now - DAY_MS },
      now,
    );
    expect(e.cycle.run()).toMatchObject({ transitions: { firing: 3 }, digests: 1, enqueued: 1 });
    await e.deliverAll();
    const [message] = e.adapter('slack').delivered('C1');
    expect(message?.payload.title).toBe('Rare-earth watch: 3 new alerts');
    expect(message?.payload.lines).toEqual([
      'firing China → India rare-earth magnet exports fell 58% in April 2025: $42, down from $100 in March 2025.',
      'firing New China MOFCOM notice of 2025-06-19: 关于对稀土相关物项实施出口管制的公告',
      'firing New China MOFCOM notice of 2025-06-19: Export control on rare earth technologies',
    ]);
  });

  it('records muted alerts but does not send them; other channels still get them', async () => {
    const e = engine();
    subscribeAll(e.db, 'slack', ['C1', 'C2'], [MAGNETS]);
    e.mutes.mute({ platform: 'slack', channel: 'C1' }, MAGNETS, e.clock.now() + DAY_MS, 'U1', e.clock.now());
    seedMonths(e.db, { '2025-03': 100, '2025-04': 42 });
    expect(e.cycle.run()).toMatchObject({ notifications: 2, held: { muted: 1 }, digests: 1 });
    await e.deliverAll();
    expect(e.adapter('slack').channels()).toEqual(['C2']);
    expect(new AlertStore(e.db).active()).toHaveLength(1);
    // The mute ending does not replay the alert; the next reminder reaches both channels.
    e.clock.advance(7 * DAY_MS);
    e.cycle.run();
    await e.deliverAll();
    expect(
      e
        .adapter('slack')
        .delivered()
        .map((send) => send.channel),
    ).toEqual(['C2', 'C1', 'C2']);
  });

  it('does not queue messages for a channel flagged failing', () => {
    const e = engine();
    subscribeAll(e.db, 'slack', ['C1', 'C2'], [MAGNETS]);
    e.subscriptions.markChannel({ platform: 'slack', channel: 'C1' }, 'failing', 'channel_not_found', 0);
    seedMonths(e.db, { '2025-03': 100, '2025-04': 42 });
    expect(e.cycle.run()).toMatchObject({ held: { 'failing-channel': 1 }, enqueued: 1 });
  });
});

describe('charts with drop alerts', () => {
  it('a drop alert carries its series chart, after the digest, on platforms that post images only', async () => {
    const e = engine({ platforms: ['slack', 'console'], postsImages: ['slack'] });
    subscribeAll(e.db, 'slack', ['C1', 'C2'], [MAGNETS]);
    subscribeAll(e.db, 'console', ['console'], [MAGNETS]);
    seedMonths(e.db, { '2025-02': 98, '2025-03': 100, '2025-04': 42 });

    // Slack: the digest and its chart in each channel (two rows each); the console: the digest only.
    expect(e.cycle.run()).toMatchObject({ digests: 3, enqueued: 5 });
    await e.deliverAll();
    for (const channel of ['C1', 'C2']) {
      const [digest, chart] = e.adapter('slack').delivered(channel);
      expect(digest?.payload.lines).toEqual([expect.stringContaining('fell 58% in April 2025')]);
      expect(chart?.payload).toEqual({
        chart: 'china-india-magnets/850511',
        filename: 'china-india-magnets-24m.png',
        pngBytes: expect.any(Number),
      });
      expect(chart?.payload.pngBytes).toBeGreaterThan(1_000);
    }
    expect(e.adapter('console').delivered()).toHaveLength(1);

    // Resolved: nothing to chart.
    seedMonths(e.db, { '2025-05': 95 });
    e.clock.advance(6 * HOUR_MS);
    expect(e.cycle.run()).toMatchObject({ transitions: { resolved: 1 }, enqueued: 3 });
  });

  it('notices carry no chart', async () => {
    const e = engine({ platforms: ['slack'], postsImages: ['slack'] });
    subscribeAll(e.db, 'slack', ['C1'], ['china-export-controls']);
    const now = e.clock.now();
    seedNotice(e.db, { id: 'n18', title: 'Rare earth export controls', publishedAt: now }, now);
    expect(e.cycle.run()).toMatchObject({ transitions: { firing: 1 }, enqueued: 1 });
  });
});

describe('notices', () => {
  it('fire once, only when new and recent enough', async () => {
    const e = engine();
    subscribeAll(e.db, 'discord', ['222222222222222222'], ['china-export-controls']);
    const now = e.clock.now();
    seedNotice(e.db, { id: 'old', title: '稀土出口管制 (2024)', publishedAt: now - 90 * DAY_MS }, now);
    seedNotice(e.db, { id: 'fair', title: 'Canton Fair opening hours', publishedAt: now - DAY_MS }, now);
    seedNotice(
      e.db,
      { id: 'n18', title: 'Announcement No. 18 of 2025 on RARE-EARTH export controls', publishedAt: now },
      now,
    );
    expect(e.cycle.run()).toMatchObject({ transitions: { firing: 1 }, enqueued: 1 });
    await e.deliverAll();
    e.clock.advance(HOUR_MS);
    expect(e.cycle.run()).toMatchObject({ transitions: { firing: 0 }, enqueued: 0 });
    e.clock.advance(30 * DAY_MS);
    expect(e.cycle.run()).toMatchObject({ transitions: { firing: 0, repeat: 0 }, enqueued: 0 });
    expect(lines(e.adapter('discord'), '222222222222222222')).toEqual([
      [
        'firing New China MOFCOM notice of 2025-06-20: Announcement No. 18 of 2025 on RARE-EARTH export controls',
      ],
    ]);
    expect(new AlertStore(e.db).active()).toEqual([]);
  });

  it('an RSS watchlist alerts only on items of its own feed, even when another feed matches its keywords', async () => {
    const feedA = 'https://agency-a.example/news.rss';
    const feedB = 'https://agency-b.example/news.rss';
    const e = engine({
      yaml: `
- { id: feed-a, title: Agency A, kind: notice, source: rss, feed: "${feedA}", match: { any: [rare earth] } }
- { id: feed-b, title: Agency B, kind: notice, source: rss, feed: "${feedB}", match: { any: [rare earth] } }
`,
    });
    subscribeAll(e.db, 'slack', ['C-A'], ['feed-a']);
    subscribeAll(e.db, 'slack', ['C-B'], ['feed-b']);
    const now = e.clock.now();
    seedNotice(
      e.db,
      { source: 'rss', id: 'a1', title: 'A: rare earth licences resume', publishedAt: now, feed: feedA },
      now,
    );
    seedNotice(
      e.db,
      { source: 'rss', id: 'b1', title: 'B: rare earth quota cut', publishedAt: now, feed: feedB },
      now,
    );
    e.cycle.run();
    await e.deliverAll();
    expect(JSON.stringify(lines(e.adapter('slack'), 'C-A'))).toContain('A: rare earth licences resume');
    expect(JSON.stringify(lines(e.adapter('slack'), 'C-A'))).not.toContain('B: rare earth quota cut');
    expect(JSON.stringify(lines(e.adapter('slack'), 'C-B'))).toContain('B: rare earth quota cut');
    expect(JSON.stringify(lines(e.adapter('slack'), 'C-B'))).not.toContain('A: rare earth');
  });
});

describe('atomicity', () => {
  it('when rendering fails nothing is recorded, so the next cycle tells the alert instead of losing it', async () => {
    const e = engine({ platforms: ['slack'] });
    subscribeAll(e.db, 'slack', ['C1'], [MAGNETS]);
    seedMonths(e.db, { '2025-03': 100, '2025-04': 42 });
    const broken = new (await import('../helpers/fake-chat-adapter.js')).FakeChatAdapter('slack', e.clock, {
      failRender: true,
    });
    const working = e.adapter('slack');
    e.adapters.set('slack', broken);
    expect(() => e.cycle.run()).toThrow('render failed');
    expect(new AlertStore(e.db).active()).toEqual([]);
    expect(e.db.prepare('SELECT COUNT(*) AS n FROM outbox').get()).toEqual({ n: 0 });

    e.adapters.set('slack', working);
    expect(e.cycle.run()).toMatchObject({ transitions: { firing: 1 }, enqueued: 1 });
  });

  it('counts told transitions in the alerts metric', async () => {
    const e = engine();
    subscribeAll(e.db, 'slack', ['C1'], [MAGNETS]);
    seedMonths(e.db, { '2025-03': 100, '2025-04': 42 });
    e.cycle.run();
    seedMonths(e.db, { '2025-05': 95 });
    e.cycle.run();
    const text = await e.metrics.render();
    expect(text).toContain('ree_alerts_total{watchlist="china-india-magnets",state="firing"} 1');
    expect(text).toContain('ree_alerts_total{watchlist="china-india-magnets",state="resolved"} 1');
  });
});

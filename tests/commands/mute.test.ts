import { describe, expect, it } from 'vitest';
import { useConsole } from '../helpers/console-ask.js';

const session = useConsole();
const channel = { platform: 'console' as const, channel: 'console' };

describe('/ree mute', () => {
  it('mutes a followed watchlist for 7d and says until when', async () => {
    const cli = session();
    await cli.ask('/ree subscribe china-india-magnets');
    const result = await cli.ask('/ree mute china-india-magnets 7d');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Muted china-india-magnets until 2025-07-22 12:00 UTC');
    expect(result.stdout).toContain('✓ Muted china-india-magnets for 7d, until 2025-07-22 12:00 UTC');
    expect(result.stdout).toContain('To end it early: /ree unmute china-india-magnets');
    const until = await cli.withStorage(
      async (db) => await db.mutes.mutedUntil(channel, 'china-india-magnets', cli.clock.now()),
    );
    expect(until).toBe(Date.parse('2025-07-22T12:00:00Z'));
  });

  it.each([
    ['/ree mute 12h china-india-magnets', '12h', '2025-07-16 00:00 UTC'],
    ['/ree mute china-india-magnets 2 weeks', '14d', '2025-07-29 12:00 UTC'],
    ['/ree mute china-india-magnets 1mo', '30d', '2025-08-14 12:00 UTC'],
    ['/ree mute China_India_Magnets 90m', '1h 30m', '2025-07-15 13:30 UTC'],
  ])('understands %s', async (text, shown, until) => {
    const cli = session();
    await cli.ask('/ree subscribe china-india-magnets');
    const result = await cli.ask(text);
    expect(result.stdout).toContain(`✓ Muted china-india-magnets for ${shown}, until ${until}`);
  });

  it.each([
    [
      '/ree mute china-india-magnets',
      'For how long?',
      'Add a duration, e.g. /ree mute china-india-magnets 7d',
    ],
    [
      '/ree mute china-india-magnets 7x',
      'That is not a duration',
      'Durations: 30m, 12h, 7d, 2w, 1mo (30 days), up to 90 days.',
    ],
    ['/ree mute china-india-magnets 365d', 'Duration out of range', '"365d" is longer than 90 days.'],
    ['/ree mute china-india-magnets 10s', 'Duration out of range', '"10s" is shorter than a minute.'],
    [
      '/ree mute china-india-magnets forever',
      'Mutes always end',
      'To stop a watchlist for good, use /ree unsubscribe',
    ],
    ['/ree mute 7d', 'Which watchlist?', 'Name one or more watchlists, e.g. /ree mute china-india-magnets'],
  ])('explains what is wrong with %s and mutes nothing', async (text, title, advice) => {
    const cli = session();
    await cli.ask('/ree subscribe china-india-magnets');
    const result = await cli.ask(text);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(title);
    expect(result.stdout).toContain(advice);
    expect(await cli.withStorage(async (db) => await db.mutes.activeFor(channel, cli.clock.now()))).toEqual(
      [],
    );
  });

  it('does not mute a watchlist the channel does not follow, and says why', async () => {
    const cli = session();
    const result = await cli.ask('/ree mute china-us-magnets 7d');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '• Not muted: this channel does not follow china-us-magnets, so nothing from it is posted here anyway',
    );
  });

  it('muting again replaces the end time and says what it was', async () => {
    const cli = session();
    await cli.ask('/ree subscribe china-india-magnets');
    await cli.ask('/ree mute china-india-magnets 7d');
    const result = await cli.ask('/ree mute china-india-magnets 1d');
    expect(result.stdout).toContain(
      '✓ Muted china-india-magnets for 1d, until 2025-07-16 12:00 UTC (it was muted until 2025-07-22 12:00 UTC)',
    );
  });

  it('records who muted and until when', async () => {
    const cli = session();
    await cli.ask('/ree subscribe china-india-magnets');
    await cli.ask('/ree mute china-india-magnets 7d');
    const event = await cli.withStorage(async (db) =>
      db.sql.get("SELECT actor, detail, at FROM subscription_events WHERE action = 'mute'"),
    );
    expect(event).toEqual({ actor: 'console', detail: '2025-07-22T12:00:00.000Z', at: cli.clock.now() });
  });
});

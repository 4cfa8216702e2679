import { describe, expect, it } from 'vitest';
import { useConsole } from '../helpers/console-ask.js';

const session = useConsole();
const channel = { platform: 'console' as const, channel: 'console' };

describe('/ree subscriptions', () => {
  it('lists what the channel follows, with who added it, the mutes with time left, and delivery health', async () => {
    const cli = session();
    await cli.ask('/ree subscribe china-india-magnets india-dgft-notices');
    await cli.ask('/ree mute china-india-magnets 7d');
    cli.clock.advance(26 * 3_600_000);
    await cli.withStorage(
      async (db) =>
        await db.subscriptions.markChannel(channel, 'ok', null, Date.parse('2025-07-16T09:00:00Z')),
    );
    const result = await cli.ask('/ree subscriptions');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('This channel follows 2 watchlists');
    expect(result.stdout).toContain(
      'china-india-magnets — China → India rare-earth magnet exports · since 2025-07-15 by console · muted for 5d 22h',
    );
    expect(result.stdout).toContain('india-dgft-notices — India DGFT notices');
    expect(result.stdout).toContain(
      'china-india-magnets — 5d 22h left (until 2025-07-22 12:00 UTC), muted by console; /ree unmute china-india-magnets',
    );
    expect(result.stdout).toContain('Alerts are being delivered (working since 2025-07-16 09:00 UTC).');
  });

  it('explains a failing channel with the reason and what to check', async () => {
    const cli = session();
    await cli.ask('/ree subscribe china-india-magnets');
    await cli.withStorage(
      async (db) =>
        await db.subscriptions.markChannel(
          channel,
          'failing',
          'channel_not_found',
          Date.parse('2025-07-15T10:00:00Z'),
        ),
    );
    const result = await cli.ask('/ree subscriptions');
    expect(result.stdout).toContain('Delivery has been failing since 2025-07-15 10:00 UTC (2h ago).');
    expect(result.stdout).toContain('Reason: channel_not_found.');
    expect(result.stdout).toContain('Check that the ree-watch app is still in this channel');
  });

  it('tells an empty channel how to start', async () => {
    const cli = session();
    const result = await cli.ask('/ree subscriptions', { channel: 'C-new' });
    expect(result.stdout).toContain(
      'This channel does not follow any watchlist, so no alerts are posted here.',
    );
    expect(result.stdout).toContain('Try /ree subscribe china-india-magnets');
    expect(result.stdout).toContain('Nothing has been delivered here yet.');
  });

  it('says alerts reach a channel that was delivered to and never failed', async () => {
    const cli = session();
    await cli.ask('/ree subscribe china-india-magnets');
    await cli.withStorage((db) =>
      db.sql.run(
        `INSERT INTO outbox (idempotency_key, platform, channel, payload, created_at, not_before, state, attempts, delivered_at)
         VALUES ('k1', 'console', 'console', '{}', 0, 0, 'delivered', 1, ?)`,
        [Date.parse('2025-07-15T09:00:00Z')],
      ),
    );
    const result = await cli.ask('/ree subscriptions');
    expect(result.stdout).toContain('Alerts are being delivered here; last delivery 3h ago.');
  });

  it('flags a subscription whose watchlist was removed from the file', async () => {
    const cli = session();
    await cli.withStorage(async (db) => await db.subscriptions.subscribe(channel, ['retired-list'], 'U1', 0));
    const result = await cli.ask('/ree subscriptions');
    expect(result.stdout).toContain(
      'retired-list — no longer in the watchlist file, so nothing will arrive; /ree unsubscribe retired-list',
    );
  });
});

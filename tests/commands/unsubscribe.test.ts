import { describe, expect, it } from 'vitest';
import { useConsole } from '../helpers/console-ask.js';

const session = useConsole();

describe('/ree unsubscribe', () => {
  it('removes the named subscriptions, says which were not followed, and keeps the rest', async () => {
    const cli = session();
    await cli.ask('/ree subscribe china-india-magnets china-us-magnets china-japan-magnets');
    const result = await cli.ask('/ree unsubscribe china-us-magnets india-dgft-notices');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('This channel stopped following china-us-magnets');
    expect(result.stdout).toContain('✓ No longer following china-us-magnets');
    expect(result.stdout).toContain('• This channel was not following india-dgft-notices; nothing changed');
    const left = await cli.ask('/ree subscriptions');
    expect(left.stdout).toContain('This channel follows 2 watchlists');
    expect(left.stdout).not.toContain('china-us-magnets');
  });

  it('is idempotent: unsubscribing twice reports that nothing changed', async () => {
    const cli = session();
    await cli.ask('/ree subscribe china-india-magnets');
    await cli.ask('/ree unsubscribe china-india-magnets');
    const again = await cli.ask('/ree unsubscribe china-india-magnets');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('Nothing to unsubscribe');
    const actions = await cli.withStorage(async (db) =>
      (await db.sql.all<{ action: string }>('SELECT action FROM subscription_events ORDER BY id')).map(
        (row) => row.action,
      ),
    );
    expect(actions).toEqual(['subscribe', 'unsubscribe']);
  });

  it('"all" leaves every watchlist this channel follows', async () => {
    const cli = session();
    await cli.ask('/ree subscribe china-india-magnets china-us-magnets');
    const result = await cli.ask('/ree unsubscribe all');
    expect(result.stdout).toContain('This channel stopped following 2 watchlists');
    expect((await cli.ask('/ree subscriptions')).stdout).toContain('This channel follows no watchlists');
  });

  it('lets a channel leave a watchlist that was removed from the watchlist file', async () => {
    const cli = session();
    await cli.withStorage(
      async (db) =>
        await db.subscriptions.subscribe(
          { platform: 'console', channel: 'console' },
          ['retired-list'],
          'U1',
          0,
        ),
    );
    const result = await cli.ask('/ree unsubscribe retired-list');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✓ No longer following retired-list');
  });

  it('suggests the closest id for a typo and changes nothing', async () => {
    const cli = session();
    await cli.ask('/ree subscribe china-india-magnets');
    const result = await cli.ask('/ree unsubscribe china-india-magnet');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      '"china-india-magnet" is not a watchlist id. Did you mean: china-india-magnets?',
    );
    expect((await cli.ask('/ree subscriptions')).stdout).toContain('This channel follows 1 watchlist');
  });
});

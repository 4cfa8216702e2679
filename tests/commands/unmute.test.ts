import { describe, expect, it } from 'vitest';
import { useConsole } from '../helpers/console-ask.js';

const session = useConsole();
const channel = { platform: 'console' as const, channel: 'console' };

describe('/ree unmute', () => {
  it('ends a mute now, so the watchlist reaches the channel again', async () => {
    const cli = session();
    await cli.ask('/ree subscribe china-india-magnets');
    await cli.ask('/ree mute china-india-magnets 7d');
    const result = await cli.ask('/ree unmute china-india-magnets');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Unmuted china-india-magnets');
    expect(result.stdout).toContain('✓ Unmuted china-india-magnets: its alerts arrive here again');
    expect(await cli.withStorage(async (db) => await db.mutes.activeFor(channel, cli.clock.now()))).toEqual(
      [],
    );
    expect((await cli.ask('/ree subscriptions')).stdout).not.toContain('Muted');
  });

  it('says so when the watchlist was not muted (or the mute already ended)', async () => {
    const cli = session();
    await cli.ask('/ree subscribe china-india-magnets');
    await cli.ask('/ree mute china-india-magnets 1h');
    cli.clock.advance(2 * 3_600_000);
    const result = await cli.ask('/ree unmute china-india-magnets');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Nothing was muted');
    expect(result.stdout).toContain('• china-india-magnets was not muted in this channel; nothing changed');
  });

  it('suggests an id for a typo', async () => {
    const cli = session();
    const result = await cli.ask('/ree unmute china-india-magents');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Did you mean: china-india-magnets?');
  });
});

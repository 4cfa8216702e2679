import { describe, expect, it } from 'vitest';
import { useConsole } from '../helpers/console-ask.js';

const session = useConsole();
const channel = { platform: 'console' as const, channel: 'console' };

interface EventRow {
  watchlist: string | null;
  action: string;
  actor: string | null;
  detail: string | null;
  at: number;
}
const events = (cli: ReturnType<typeof session>) =>
  cli.withStorage((db) =>
    db.sql.all<EventRow>('SELECT watchlist, action, actor, detail, at FROM subscription_events ORDER BY id'),
  );

describe('/ree subscribe', () => {
  it('subscribes the channel to several watchlists at once and confirms each one', async () => {
    const cli = session();
    const result = await cli.ask('/ree subscribe china-india-magnets china-us-magnets', { channel: 'C1' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('This channel now follows 2 more watchlists');
    expect(result.stdout).toContain(
      '✓ Now following china-india-magnets — China → India rare-earth magnet exports',
    );
    expect(result.stdout).toContain('✓ Now following china-us-magnets');
    expect(result.stdout).toContain('Changed by console');

    const list = await cli.ask('/ree subscriptions', { channel: 'C1' });
    expect(list.stdout).toContain('This channel follows 2 watchlists');
    // Another channel is unaffected.
    expect((await cli.ask('/ree subscriptions', { channel: 'C2' })).stdout).toContain(
      'This channel follows no watchlists',
    );
  });

  it('is idempotent: subscribing again changes nothing and says so, and records who did it and when', async () => {
    const cli = session();
    await cli.ask('/ree subscribe china-india-magnets');
    cli.clock.advance(3_600_000);
    const again = await cli.ask('/ree subscribe CHINA_INDIA_MAGNETS');
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('This channel already follows that');
    expect(again.stdout).toContain(
      '• Already following china-india-magnets (since 2025-07-15 12:00 UTC); nothing changed',
    );
    expect(await events(cli)).toEqual([
      {
        watchlist: 'china-india-magnets',
        action: 'subscribe',
        actor: 'console',
        detail: null,
        at: Date.parse('2025-07-15T12:00:00Z'),
      },
    ]);
  });

  it('accepts ids separated by commas and counts repeats once', async () => {
    const cli = session();
    const result = await cli.ask(
      '/ree subscribe china-india-magnets,china-japan-magnets china-india-magnets',
    );
    expect(result.stdout).toContain('This channel now follows 2 more watchlists');
    expect(result.stdout.match(/Now following china-india-magnets/g)).toHaveLength(1);
  });

  it('subscribes to the known ids, and names every unknown one with a suggestion instead of dropping it', async () => {
    const cli = session();
    const result = await cli.ask('/ree subscribe china-india-magnets chna-japan-magnets india');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✓ Now following china-india-magnets');
    expect(result.stdout).toContain(
      '✗ "chna-japan-magnets" is not a watchlist id. Did you mean: china-japan-magnets?',
    );
    // A country is not an id, but the watchlists about it are suggested.
    expect(result.stdout).toContain(
      '✗ "india" is not a watchlist id. Did you mean: china-india-magnets, india-dgft-notices?',
    );
  });

  it('changes nothing when no id is known, and exits 1', async () => {
    const cli = session();
    const result = await cli.ask('/ree subscribe rare-earth-everything');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Nothing to subscribe');
    expect(result.stdout).toContain('Nothing was changed. Type /ree watchlists to see every id.');
    expect(await events(cli)).toEqual([]);
  });

  it('asks which watchlist when none is given, listing the ids', async () => {
    const cli = session();
    const result = await cli.ask('/ree subscribe');
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Which watchlist?');
    expect(result.stdout).toContain('e.g. /ree subscribe china-india-magnets');
    expect(result.stdout).toContain('Watchlists: china-india-magnets, china-us-magnets');
  });

  it("the console is the operator's own terminal: the Slack admin list (old name included) does not apply", async () => {
    const cli = session();
    cli.env.ADMIN_USER_IDS = 'U-admin';
    const result = await cli.ask('/ree subscribe china-india-magnets');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('✓ Now following china-india-magnets');
  });

  it('switches a failing channel back on: status shows why it failed, subscribe says it will try again', async () => {
    const cli = session();
    await cli.ask('/ree subscribe china-india-magnets');
    const reason = 'not_in_channel: the bot is not in this channel: invite it with /invite @ree-watch';
    await cli.withStorage(
      async (db) =>
        await db.subscriptions.markChannel(channel, 'failing', reason, Date.parse('2025-07-14T08:00:00Z')),
    );
    const failing = await cli.ask('/ree status');
    expect(failing.stdout).toContain('Delivery has been failing since 2025-07-14 08:00 UTC (1d 4h ago).');
    expect(failing.stdout).toContain(`Reason: ${reason}.`);

    const result = await cli.ask('/ree subscribe china-india-magnets');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Alerts will be sent to this channel again');
    expect(result.stdout).toContain(
      `Delivery here had been failing since 2025-07-14 08:00 UTC (${reason}). It is switched back on: the next alert will be sent here again.`,
    );
    expect(await cli.withStorage(async (db) => await db.subscriptions.channelHealth(channel))).toMatchObject({
      status: 'ok',
      reason: null,
    });
    expect((await events(cli)).at(-1)).toEqual(
      expect.objectContaining({ action: 'resume-delivery', actor: 'console', detail: reason }),
    );
    const after = await cli.ask('/ree subscriptions');
    expect(after.stdout).toContain('Alerts are being delivered (working since 2025-07-15 12:00 UTC).');
    expect(after.stdout).not.toContain('Reason:');
  });

  it('leaves a channel that was never failing alone, and says nothing about delivery', async () => {
    const cli = session();
    const result = await cli.ask('/ree subscribe china-india-magnets');
    expect(result.stdout).not.toContain('switched back on');
    expect((await events(cli)).map((event) => event.action)).toEqual(['subscribe']);
    expect(
      await cli.withStorage(async (db) => await db.subscriptions.channelHealth(channel)),
    ).toBeUndefined();
  });
});

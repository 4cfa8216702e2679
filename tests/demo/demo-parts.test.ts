import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uptimeMs } from '../../src/clock.js';
import { createCommandRegistry } from '../../src/commands/index.js';
import { compactJson } from '../../src/demo/compact-json.js';
import { typedCommandFor } from '../../src/demo/discord-options.js';
import { ReplayClock } from '../../src/demo/replay-clock.js';

describe('the demo clock', () => {
  it('reads the replay date, runs on at real speed, and turns a wait into a jump forward', async () => {
    let real = 1_000;
    const clock = new ReplayClock(Date.parse('2025-05-20T12:00:00Z'), () => real);
    real += 250;
    expect(new Date(clock.now()).toISOString()).toBe('2025-05-20T12:00:00.250Z');
    await clock.sleep(60_000);
    expect(new Date(clock.now()).toISOString()).toBe('2025-05-20T12:01:00.250Z');
    clock.set(Date.parse('2025-06-20T12:00:00Z'));
    expect(new Date(clock.now()).toISOString()).toBe('2025-06-20T12:00:00.000Z');
    expect(() => clock.set(Date.parse('2025-01-01T00:00:00Z'))).toThrow(/cannot go back/);
  });

  it('measures how long the demo has really run, whatever distance the replay jumped', async () => {
    let real = 1_000;
    const clock = new ReplayClock(Date.parse('2025-04-21T12:00:00Z'), () => real);
    const startedAt = clock.now();
    real += 2_000;
    clock.set(Date.parse('2025-10-20T12:00:00Z'));
    real += 3_000;
    await clock.sleep(60_000);
    real += 500;
    expect(uptimeMs(clock, startedAt)).toBe(5_500);
    // Something started after a jump counts only what followed it.
    const later = clock.now();
    real += 250;
    expect(uptimeMs(clock, later)).toBe(250);
  });
});

describe('typed Discord options from what was typed', () => {
  const registry = createCommandRegistry();
  const typed = (text: string) => typedCommandFor(text, (name) => registry.get(name));

  it('maps words to the subcommand and its options as Discord’s client would send them', () => {
    expect(typed('india')).toEqual({
      command: { subcommand: 'country', options: { country: 'india' } },
      ignored: [],
    });
    expect(typed('united states')).toMatchObject({ command: { options: { country: 'united states' } } });
    expect(typed('notices "export control" --days 90 --source mofcom')).toEqual({
      command: { subcommand: 'notices', options: { keyword: 'export control', days: 90, source: 'mofcom' } },
      ignored: [],
    });
    expect(typed('news rare earth')).toMatchObject({
      command: { subcommand: 'notices', options: { keyword: 'rare earth' } },
    });
    expect(typed('')).toMatchObject({ command: { subcommand: 'help' } });
  });

  it('fills positional options in order, the last taking the rest, and names flags Discord has no option for', () => {
    expect(typed('mute china-india-magnets 7 days --loud')).toEqual({
      command: { subcommand: 'mute', options: { watchlist: 'china-india-magnets', duration: '7 days' } },
      ignored: ['--loud'],
    });
  });
});

describe('compact JSON for printed payloads', () => {
  it('is the same JSON, with short arrays and objects kept on one line', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(compactJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
    expect(compactJson({ blocks: [{ type: 'header' }], text: 'x'.repeat(120) })).toBe(
      `{\n  "blocks": [{"type":"header"}],\n  "text": "${'x'.repeat(120)}"\n}`,
    );
  });
});

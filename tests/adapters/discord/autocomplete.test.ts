import { describe, expect, it } from 'vitest';
import { completeOption } from '../../../adapters/discord/autocomplete.js';
import type { CommandOption } from '../../../src/commands/command.js';
import { loadWatchlists } from '../../../src/watchlists/load.js';

const watchlists = loadWatchlists('config/watchlists.yaml');
const option = (autocomplete: CommandOption['autocomplete'], choices?: string[]): CommandOption => ({
  name: 'x',
  description: 'x',
  type: 'string',
  autocomplete,
  choices,
});

describe('completeOption', () => {
  it('matches watchlist ids and titles, prefix matches first', () => {
    const choices = completeOption(option('watchlist'), 'japan', watchlists);
    expect(choices.map((choice) => choice.value)).toEqual(['china-japan-magnets']);
    expect(completeOption(option('watchlist'), '', watchlists)).toHaveLength(watchlists.length);
  });

  it('completes the last of several space-separated ids and keeps the ones before it', () => {
    const choices = completeOption(option('watchlist'), 'china-india-magnets china-u', watchlists);
    expect(choices[0]).toEqual({
      name: 'china-india-magnets china-us-magnets — China → United States rare-earth magnet exports',
      value: 'china-india-magnets china-us-magnets',
    });
    const next = completeOption(option('watchlist'), 'china-india-magnets ', watchlists).map((c) => c.value);
    expect(next).not.toContain('china-india-magnets china-india-magnets');
    expect(next).toContain('china-india-magnets china-japan-magnets');
  });

  it('offers the countries the watchlists are about before the rest when nothing is typed', () => {
    const names = completeOption(option('country'), '', watchlists).map((choice) => choice.value);
    expect(names.slice(0, 4)).toEqual(['India', 'China', 'United States', 'Japan']);
    expect(names).toHaveLength(25);
  });

  it('resolves codes and aliases to the country they name', () => {
    expect(completeOption(option('country'), 'IN', watchlists)[0]?.value).toBe('India');
    expect(completeOption(option('country'), 'uae', watchlists)[0]?.value).toBe('United Arab Emirates');
    expect(completeOption(option('country'), 'korea', watchlists).map((choice) => choice.value)).toContain(
      'South Korea',
    );
  });

  it('filters declared choices and source names', () => {
    expect(
      completeOption(option(undefined, ['1h', '1d', '7d']), '1', watchlists).map((c) => c.value),
    ).toEqual(['1h', '1d']);
    expect(completeOption(option('source'), 'fed', watchlists).map((c) => c.value)).toEqual([
      'federal-register',
    ]);
  });

  it('keeps names within Discord’s 100 characters and at most 25 choices', () => {
    const long = [{ ...watchlists[0], id: 'long-one', title: 'x'.repeat(300) }] as typeof watchlists;
    const [choice] = completeOption(option('watchlist'), '', long);
    expect(choice?.name.length).toBeLessThanOrEqual(100);
    expect(completeOption(option('country'), 'a', watchlists).length).toBeLessThanOrEqual(25);
  });
});

import { describe, expect, it } from 'vitest';
import {
  resolveCountryWords,
  resolveWatchlist,
  suggestWatchlists,
  watchlistsAbout,
} from '../../src/commands/resolve.js';
import { loadWatchlists } from '../../src/watchlists/load.js';

const watchlists = loadWatchlists('config/watchlists.yaml');
const ids = (list: { id: string }[]) => list.map((watchlist) => watchlist.id);

describe('resolveWatchlist', () => {
  it.each([
    'china-india-magnets',
    'CHINA-INDIA-MAGNETS',
    'china_india_magnets',
    ' china india magnets ',
    '#china-india-magnets',
    'China → India rare-earth magnet exports',
  ])('finds china-india-magnets from %s', (input) => {
    const found = resolveWatchlist(input, watchlists);
    expect('found' in found && found.found.id).toBe('china-india-magnets');
  });

  it('suggests close ids for a typo, and the watchlists about a country or HS code', () => {
    expect(suggestWatchlists('china-inda-magnets', watchlists)).toEqual(['china-india-magnets']);
    expect(suggestWatchlists('Japan', watchlists)).toEqual(['china-japan-magnets']);
    expect(suggestWatchlists('850511', watchlists)).toEqual([
      'china-india-magnets',
      'china-us-magnets',
      'china-japan-magnets',
    ]);
    expect(suggestWatchlists('us-magnets', watchlists)).toContain('china-us-magnets');
    expect(suggestWatchlists('zzzz', watchlists)).toEqual([]);
  });
});

describe('watchlistsAbout', () => {
  it('matches trade watchlists by either country and notice watchlists by their agency country', () => {
    expect(ids(watchlistsAbout('CN', watchlists))).toContain('china-export-controls');
    expect(ids(watchlistsAbout('usa', watchlists))).toEqual([
      'china-us-magnets',
      'us-magnet-imports-from-china',
      'us-critical-minerals-rules',
    ]);
    expect(ids(watchlistsAbout('2846', watchlists))).toEqual(['china-world-rare-earths']);
  });
});

describe('resolveCountryWords', () => {
  it('joins words into one country and suggests names for a typo', () => {
    const korea = resolveCountryWords(['south', 'korea']);
    expect('found' in korea && korea.found.code).toBe('KR');
    expect(resolveCountryWords(['germny'])).toEqual({ missing: 'germny', suggestions: ['Germany'] });
  });
});

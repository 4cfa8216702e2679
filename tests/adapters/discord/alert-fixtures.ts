import type { AlertItem } from '../../../src/render/alert-digest.js';

/**
 * Published figures (research/fixtures/FIGURES.md §A): China's rare-earth magnet exports, GACC data as
 * reported by Reuters and SMM — 2,627 t in April 2025, 1,238 t in May 2025 (−52.9 % month on month).
 * `china-world-magnets` is a watchlist a user would add (HS 850511, partner World); the default file
 * watches the world total of rare-earth compounds instead, a different series.
 */
export const MAY_2025_DROP: AlertItem = {
  dedupKey: 'china-world-magnets:drop-previous-month:CN-WORLD-850511:2025-05',
  watchlistId: 'china-world-magnets',
  watchlistTitle: 'China → World rare-earth magnet exports',
  rule: 'drop vs previous month ≥ 20 %',
  state: 'firing',
  severity: 'critical',
  headline: 'China’s rare-earth magnet exports fell 52.9 % in May 2025, from 2,627 t to 1,238 t.',
  facts: [
    { label: 'From', value: '2,627 t (2025-04)' },
    { label: 'To', value: '1,238 t (2025-05)' },
    { label: 'Change', value: '−52.9 %' },
    { label: 'Period', value: '2025-05' },
  ],
  source: 'China customs (GACC)',
  url: 'https://www.customs.gov.cn/',
};

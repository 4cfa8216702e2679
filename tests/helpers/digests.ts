import type { AlertDigest, NoticeGroup, SeriesEntry } from '../../src/render/alert-digest.js';

/**
 * A series entry as the pipeline writes it. Published figures (GACC as reported by Reuters and SMM):
 * China's rare-earth magnet exports to the world, 2,627 t in April 2025 and 1,238 t in May 2025
 * (-53% month on month; 4,812 t in May 2024, -74% year on year).
 */
export function seriesEntry(overrides: Partial<SeriesEntry> = {}): SeriesEntry {
  return {
    key: 'china-world-magnets/hs-850511/2025-05',
    watchlistId: 'china-world-magnets',
    watchlistTitle: 'China → world rare-earth magnet exports',
    transition: 'change',
    marker: 'fall',
    severity: 'critical',
    headline:
      "China → world rare-earth magnet exports fell further to 1,238 t in May 2025, -74% on May 2024's 4,812 t",
    comparisons: '-53% m/m (2,627 t) ▼ · still -74% y/y (4,812 t) ▼',
    notes: [],
    source: 'UN Comtrade',
    url: 'https://comtradeplus.un.org/TradeFlow?Frequency=M&Flows=X&CommodityCodes=850511&Partners=0&Reporters=156&period=2025&AggregateBy=none&BreakdownMode=plus',
    ...overrides,
  };
}

/** MOFCOM's Announcement No. 18 of 2025 (4 April 2025), as the notice list shows it. */
export function mofcomNotices(overrides: Partial<NoticeGroup> = {}): NoticeGroup {
  return {
    source: 'China MOFCOM',
    notices: [
      {
        key: 'china-export-controls/notice/mofcom/art_0dd87cbee7b045bf93fabe6ab2faceee',
        watchlistId: 'china-export-controls',
        title:
          'MOFCOM and GAC Announcement No. 18 of 2025 on Export Control of Certain Medium and Heavy Rare Earth-related Items',
        detail: '2025-04-04 · MOFCOM · matched: rare earth, export control',
        url: 'https://english.mofcom.gov.cn/Policies/AnnouncementsOrders/art/2025/art_0dd87cbee7b045bf93fabe6ab2faceee.html',
      },
    ],
    ...overrides,
  };
}

export function digestOf(
  series: SeriesEntry[],
  notices: NoticeGroup[] = [],
  title = 'Rare-earth watch: 1 series fell',
): AlertDigest {
  return { title, series, notices, generatedAt: Date.parse('2025-06-20T06:00:00Z') };
}

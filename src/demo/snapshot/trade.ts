import type { CitationId } from './citations.js';

/**
 * China's monthly exports in the snapshot, in tonnes, each figure with how we know it:
 * - `published`: the figure as an outlet reported it (China customs data), citation given;
 * - `derived`: back-calculated from published figures (e.g. a month of 2024 from a published
 *   year-on-year change), the calculation given;
 * - `illustrative`: made up for the demo, within the constraints the note names.
 * See README.md in this folder for the quoted sentences behind every published figure.
 */
export type Basis = 'published' | 'derived' | 'illustrative';

export interface Figure {
  tonnes: number;
  basis: Basis;
  cite?: CitationId;
  note?: string;
}

export interface TradeSeries {
  /** Comtrade partner as the watchlists name it (ISO alpha-2 or WORLD). */
  partner: 'IN' | 'US' | 'JP' | 'WORLD';
  hs: string;
  /** Short name for the footer, e.g. "China → India magnets". */
  label: string;
  /** Said after the month lists in the footer (how the illustrative months were shaped). */
  shaping?: string;
  figures: Record<string, Figure>;
}

const published = (tonnes: number, cite: CitationId, note?: string): Figure => ({
  tonnes,
  basis: 'published',
  cite,
  ...(note ? { note } : {}),
});
const derived = (tonnes: number, note: string, cite?: CitationId): Figure => ({
  tonnes,
  basis: 'derived',
  note,
  ...(cite ? { cite } : {}),
});
const illustrative = (tonnes: number, note?: string, cite?: CitationId): Figure => ({
  tonnes,
  basis: 'illustrative',
  ...(note ? { note } : {}),
  ...(cite ? { cite } : {}),
});

/** World total of rare-earth permanent magnets (China tariff code 85051110, HS 850511). */
const world: TradeSeries = {
  partner: 'WORLD',
  hs: '850511',
  label: 'China → World magnets',
  shaping: '2024 sums to the published 58,120 t (SMM)',
  figures: {
    '2024-01': illustrative(
      4405,
      'split of Jan–Mar 2024 (12,839 t, derived from Jan–May 2025 being −14.5 % y/y)',
    ),
    '2024-02': illustrative(3902, 'split of Jan–Mar 2024'),
    '2024-03': illustrative(4532, 'split of Jan–Mar 2024'),
    '2024-04': derived(4776, 'Apr 2025 (2,627 t) was −45 % y/y', 'smm-apr'),
    '2024-05': derived(4812, 'May 2025 (1,238.47 t) was −74.26 % y/y', 'reuters-may'),
    '2024-06': derived(5150, 'Jun 2025 (3,188 t) was −38.1 % y/y', 'te-jun'),
    '2024-07': derived(5278, 'Jul 2025 (5,577 t) was +5.7 % y/y', 'reuters-jul'),
    '2024-08': derived(5344, 'Aug 2025 (6,146 t) was about +15 % y/y', 'reuters-sep'),
    '2024-09': derived(4914, 'Sep 2025 (5,774 t) was +17.5 % y/y', 'reuters-sep'),
    '2024-10': published(4725, 'reuters-oct', 'quoted as the same month of 2024'),
    '2024-11': illustrative(
      5060,
      'split of Nov–Dec 2024: the published 2024 total (58,120 t, SMM) less Jan–Oct',
    ),
    '2024-12': illustrative(5222, 'split of Nov–Dec 2024'),
    '2025-01': illustrative(5220, 'split of Jan–Feb 2025 (9,906 t, derived: Jan–May 19,132 t less Mar–May)'),
    '2025-02': illustrative(4686, 'split of Jan–Feb 2025'),
    '2025-03': derived(5361, 'Apr 2025 (2,627 t) was −51 % m/m', 'smm-apr'),
    '2025-04': published(2627, 'smm-apr'),
    '2025-05': published(1238, 'reuters-may'),
    '2025-06': published(3188, 'te-jun'),
    '2025-07': published(5577, 'reuters-jul'),
    '2025-08': published(6146, 'reuters-sep'),
    '2025-09': published(5774, 'reuters-sep'),
  },
};

/** To the United States. */
const unitedStates: TradeSeries = {
  partner: 'US',
  hs: '850511',
  label: 'China → US magnets',
  shaping:
    'H1 2024 sums to 3,617 t (H1 2025, 2,510 t, was −30.6 % y/y; Rare Earth Exchanges) and 2024 to about 7,444 t (2025 was −20.3 %; Reuters)',
  figures: {
    '2024-01': illustrative(580),
    '2024-02': illustrative(520),
    '2024-03': illustrative(610),
    '2024-04': illustrative(625),
    '2024-05': derived(657, 'May 2025 (about 46 t) was −93 % y/y', 'wsj-apr-may'),
    '2024-06': illustrative(625),
    '2024-07': derived(591, 'Jul 2025 (619 t) was +4.8 % y/y', 'reuters-jul'),
    '2024-08': illustrative(640),
    '2024-09': derived(598, 'Sep 2025 (420.5 t) was about −30 % y/y', 'kaohoon-sep'),
    '2024-10': illustrative(660),
    '2024-11': illustrative(650),
    '2024-12': illustrative(685),
    '2025-01': illustrative(690, 'Jan–Mar 2025 sums to 1,855 t: H1 2025 (2,510 t) less the months after'),
    '2025-02': illustrative(540),
    '2025-03': illustrative(625),
    '2025-04': illustrative(256, 'the published −59 % y/y (WSJ) applied to the illustrative April 2024'),
    '2025-05': published(46, 'wsj-apr-may', '"roughly 46,000 kilograms"'),
    '2025-06': published(353, 'te-jun'),
    '2025-07': published(619, 'reuters-jul'),
    '2025-08': published(590, 'bloomberg-aug'),
    '2025-09': published(420.5, 'kaohoon-sep'),
  },
};

/** To Japan: only September 2025 (and December, outside the replay) was found published. */
const japan: TradeSeries = {
  partner: 'JP',
  hs: '850511',
  label: 'China → Japan magnets',
  shaping: 'Apr–Aug 2025 follow the shape of the world total; no Japan figure for those months was found',
  figures: {
    '2024-01': illustrative(196),
    '2024-02': illustrative(172),
    '2024-03': illustrative(205),
    '2024-04': illustrative(201),
    '2024-05': illustrative(210),
    '2024-06': illustrative(198),
    '2024-07': illustrative(204),
    '2024-08': illustrative(207),
    '2024-09': derived(189, 'Sep 2025 (228 t) was +20.8 % y/y', 'asiacity-sep'),
    '2024-10': illustrative(199),
    '2024-11': illustrative(206),
    '2024-12': derived(213, 'Dec 2025 (280 t) was +31.4 % y/y', 'reuters-dec'),
    '2025-01': illustrative(218),
    '2025-02': illustrative(181),
    '2025-03': illustrative(214),
    '2025-04': illustrative(121),
    '2025-05': illustrative(58),
    '2025-06': illustrative(142),
    '2025-07': illustrative(201),
    '2025-08': illustrative(214),
    '2025-09': published(228, 'asiacity-sep'),
  },
};

/**
 * To India: China's monthly exports to India are not published reliably, so the whole series is
 * illustrative. It is shaped by what is published: India's own imports of permanent magnets fell
 * 56 % year on year in April–September 2025 (Mint), so April–September 2025 here is 56 % below
 * April–September 2024. May and June match a blog's uncorroborated figures.
 */
const india: TradeSeries = {
  partner: 'IN',
  hs: '850511',
  label: 'China → India magnets',
  shaping:
    'Apr–Sep 2025 is 56 % below Apr–Sep 2024, as India’s own magnet imports fell 56 % y/y in that period (Mint, 2025-11-24); May 150 t and Jun 172 t match an uncorroborated blog (Lapaas Voice)',
  figures: {
    '2024-01': illustrative(352),
    '2024-02': illustrative(298),
    '2024-03': illustrative(371),
    '2024-04': illustrative(365),
    '2024-05': illustrative(389),
    '2024-06': illustrative(376),
    '2024-07': illustrative(402),
    '2024-08': illustrative(415),
    '2024-09': illustrative(398),
    '2024-10': illustrative(421),
    '2024-11': illustrative(436),
    '2024-12': illustrative(447),
    '2025-01': illustrative(458),
    '2025-02': illustrative(344),
    '2025-03': illustrative(412),
    '2025-04': illustrative(198),
    '2025-05': illustrative(150, 'matches an uncorroborated blog figure', 'lapaas-india'),
    '2025-06': illustrative(172, 'matches an uncorroborated blog figure', 'lapaas-india'),
    '2025-07': illustrative(170),
    '2025-08': illustrative(168),
    '2025-09': illustrative(174),
  },
};

/**
 * China's "rare earths" exports (the 17 elements: compounds and metals) to the world. The published
 * figures are one total; the split between HS 2846 (compounds) and 280530 (metals) is illustrative.
 */
const rareEarthsTotal: Record<string, Figure> = {
  '2024-01': illustrative(4420),
  '2024-02': illustrative(3980),
  '2024-03': illustrative(4760),
  '2024-04': illustrative(4830),
  '2024-05': illustrative(4510),
  '2024-06': illustrative(4390),
  '2024-07': illustrative(4980),
  '2024-08': illustrative(5120),
  '2024-09': illustrative(4240),
  '2024-10': illustrative(4470),
  '2024-11': illustrative(4710),
  '2024-12': illustrative(5024),
  '2025-01': illustrative(5210),
  '2025-02': illustrative(4470),
  '2025-03': derived(5669, 'Apr 2025 (4,785 t) was −15.6 % m/m', 'reuters-rare-earths-apr'),
  '2025-04': published(4785, 'reuters-rare-earths-apr'),
  '2025-05': published(5864.6, 'reuters-rare-earths-may-jun'),
  '2025-06': published(7742.2, 'reuters-rare-earths-may-jun'),
  '2025-07': illustrative(5990),
  '2025-08': illustrative(6120),
  '2025-09': illustrative(5330),
};

/** Share of the total put under HS 2846 (compounds); the rest is 280530 (metals). Illustrative. */
const COMPOUNDS_SHARE = [0.9, 0.88, 0.91, 0.89, 0.9, 0.92, 0.89, 0.9, 0.88, 0.91, 0.9, 0.89];

function splitRareEarths(part: 'compounds' | 'metals'): Record<string, Figure> {
  const figures: Record<string, Figure> = {};
  for (const [month, total] of Object.entries(rareEarthsTotal)) {
    const share = COMPOUNDS_SHARE[Number(month.slice(5, 7)) - 1] ?? 0.9;
    const compounds = Math.round(total.tonnes * share * 10) / 10;
    const tonnes = part === 'compounds' ? compounds : Math.round((total.tonnes - compounds) * 10) / 10;
    figures[month] = illustrative(
      tonnes,
      total.basis === 'illustrative'
        ? undefined
        : `an illustrative share of the ${total.basis} rare-earths total of ${total.tonnes} t`,
      total.cite,
    );
  }
  return figures;
}

const rareEarthShaping = (total: string) =>
  `an illustrative split of China’s "rare earths" exports, of which ${total} are published or derived`;

export const TRADE_SERIES: readonly TradeSeries[] = [
  india,
  unitedStates,
  japan,
  world,
  {
    partner: 'WORLD',
    hs: '2846',
    label: 'China → World rare-earth compounds',
    shaping: rareEarthShaping('Mar–Jun 2025'),
    figures: splitRareEarths('compounds'),
  },
  {
    partner: 'WORLD',
    hs: '280530',
    label: 'China → World rare-earth metals',
    shaping: rareEarthShaping('Mar–Jun 2025'),
    figures: splitRareEarths('metals'),
  },
];

/** The published totals behind the compounds/metals split, for the footer and README. */
export const RARE_EARTHS_TOTAL = rareEarthsTotal;

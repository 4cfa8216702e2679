/**
 * Where the published figures and notices of the snapshot come from. Every figure marked `published`
 * in trade.ts names one of these; the README of this folder lists them with the quoted sentences.
 * Outlets are named as reached (many Reuters and Bloomberg stories through syndicated copies).
 */
export interface Citation {
  /** Who published the figure, as a reader would cite it. */
  outlet: string;
  /** When it was published (YYYY-MM-DD), where known. */
  date?: string;
  url?: string;
}

export const CITATIONS = {
  'smm-apr': {
    outlet: 'SMM',
    date: '2025-05-24',
    url: 'https://news.metal.com/newscontent/103342786/rare-earth-permanent-magnets-exports-in-april-2025-hit-a-record-low-in-nearly-five-years-smm-analysis',
  },
  'wsj-apr-may': {
    outlet: 'WSJ analysis (republished)',
    url: 'https://main.d358xbzettaslu.amplifyapp.com/en/article/fdb83348d2a56e90e6e54c11356566e7',
  },
  'reuters-may': {
    outlet: 'Reuters (syndicated copy)',
    date: '2025-06-20',
    url: 'https://test.daily8.com/en/article/033fe4570446f8db877ad583755ff528',
  },
  'te-jun': {
    outlet: 'Trading Economics',
    date: '2025-07-21',
    url: 'https://tradingeconomics.com/china/exports/news/471367',
  },
  'reuters-jul': {
    outlet: 'Reuters via Kitco',
    date: '2025-08-20',
    url: 'https://www.kitco.com/news/off-the-wire/2025-08-20/chinas-rare-earth-magnet-exports-hit-six-month-high-july',
  },
  'reuters-sep': {
    outlet: 'Reuters via Telegraph India',
    url: 'https://www.telegraphindia.com/business/chinas-rare-earth-magnet-exports-dip-6-1-in-september-amid-tighter-export-scrutiny-and-curbs/cid/2128671',
  },
  'reuters-oct': {
    outlet: 'Reuters (syndicated copy)',
    url: 'https://www.squidsite02.com/2025/11/20/china-october-rare-earth',
  },
  'rex-h1': {
    outlet: 'Rare Earth Exchanges, citing Reuters and Sina',
    url: 'https://rareearthexchanges.com/?p=8723',
  },
  'bloomberg-aug': {
    outlet: 'Bloomberg via United Daily',
    url: 'https://uniteddaily.my/en/8aa1882d-1a1d-4c67-aee9-e3e1256f4f62',
  },
  'kaohoon-sep': {
    outlet: 'Kaohoon International (wire)',
    url: 'https://www.kaohooninternational.com/economics/568315',
  },
  'asiacity-sep': {
    outlet: 'AsiaCity News (a compilation of Chinese customs data; a lower-tier source)',
    url: 'https://asiacity.news/?p=138890',
  },
  'reuters-dec': {
    outlet: 'Reuters via Goldsea',
    date: '2026-01-19',
    url: 'http://www.goldsea.com/public/index.php/article_details/china-rare-earth-exports-to-us-japan-fell-in-december',
  },
  'econotimes-jan-may': {
    outlet: 'EconoTimes',
    url: 'https://www.econotimes.com/Chinas-Rare-Earth-Magnet-Exports-Plunge-Amid-Tighter-Export-Controls-1713812',
  },
  'smm-2024': { outlet: 'SMM (2024 total, as cited in the research notes)' },
  'lapaas-india': {
    outlet: 'Lapaas Voice (a blog citing Reuters in general; not corroborated)',
    url: 'https://voice.lapaas.com/chinas-rare-earth-export-up-158-in-june-after-trade-deal-surprise',
  },
  'mint-india': {
    outlet: 'Mint (India’s own import data)',
    date: '2025-11-24',
    url: 'https://www.livemint.com/news/india/automakers-see-no-turning-back-as-china-led-magnet-imports-more-than-halve-11763889213829.html',
  },
  'reuters-rare-earths-apr': {
    outlet: 'Reuters via Zawya',
    url: 'https://www.zawya.com/en/world/china-and-asia-pacific/chinas-export-controls-see-april-rare-earth-shipments-tumble-on-month-dsb8ia0w',
  },
  'reuters-rare-earths-may-jun': {
    outlet: 'Reuters, as compiled in the project research notes (no URL recorded)',
  },
} as const satisfies Record<string, Citation>;

export type CitationId = keyof typeof CITATIONS;

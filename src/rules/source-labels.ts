/** How each source is named in an alert, and where a reader can check the figure or notice. */
const SOURCES: Record<string, { name: string; url?: string }> = {
  comtrade: { name: 'UN Comtrade', url: 'https://comtradeplus.un.org/' },
  census: { name: 'US Census Bureau', url: 'https://usatrade.census.gov/' },
  gacc: { name: 'China Customs (GACC)', url: 'http://stats.customs.gov.cn/' },
  csv: { name: 'CSV import' },
  mofcom: { name: 'China MOFCOM', url: 'https://www.mofcom.gov.cn/' },
  'federal-register': { name: 'US Federal Register', url: 'https://www.federalregister.gov/' },
  dgft: { name: 'India DGFT', url: 'https://www.dgft.gov.in/' },
  rss: { name: 'RSS feed' },
};

export function sourceLabel(source: string): { name: string; url?: string } {
  // A feed's health is kept per host: `rss:<host>`.
  if (source.startsWith('rss:')) return { name: `RSS feed on ${source.slice('rss:'.length)}` };
  return SOURCES[source] ?? { name: source };
}

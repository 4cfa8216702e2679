/**
 * The policy notices and news items of the snapshot. Titles, dates, numbers and agencies are real
 * (sources in README.md); where an address could not be verified, `href` is a site-relative
 * placeholder that the snapshot server answers with a page saying so.
 */

/** An item of MOFCOM's Chinese policy-release list (`/zwgk/zcfb/`). */
export interface MofcomItem {
  title: string;
  /** As the list shows it: YYYY-MM-DD, China time. */
  date: string;
  /** Absolute when verified, otherwise a site-relative placeholder. */
  href: string;
}

export const MOFCOM_CHINESE: readonly MofcomItem[] = [
  {
    title: '商务部 海关总署公告2025年第18号 公布对部分中重稀土相关物项实施出口管制的决定',
    date: '2025-04-04',
    href: 'https://www.mofcom.gov.cn/zwgk/zcfb/art/2025/art_9c2108ccaf754f22a34abab2fedaa944.html',
  },
  {
    title: '商务部公告2025年第61号 公布对境外相关稀土物项实施出口管制的决定',
    date: '2025-10-09',
    href: '/zwgk/zcfb/art/2025/art_00000000000000000000000000000061.html',
  },
  {
    title: '商务部公告2025年第62号 公布对稀土相关技术实施出口管制的决定',
    date: '2025-10-09',
    href: '/zwgk/zcfb/art/2025/art_00000000000000000000000000000062.html',
  },
];

/** An item of MOFCOM's English "Announcements and Orders" list; `at` is its parseToData epoch. */
export interface MofcomEnglishItem {
  title: string;
  at: string;
  href: string;
}

export const MOFCOM_ENGLISH: readonly MofcomEnglishItem[] = [
  {
    // No official English title was found: this one is descriptive.
    title:
      'MOFCOM and GAC Announcement No. 18 of 2025 on Export Control of Certain Medium and Heavy Rare Earth-related Items',
    at: '2025-04-04T10:00:00Z',
    href: 'https://english.mofcom.gov.cn/Policies/AnnouncementsOrders/art/2025/art_0dd87cbee7b045bf93fabe6ab2faceee.html',
  },
];

/** A Federal Register document, with the fields ree-watch asks for. */
export interface FederalRegisterDocument {
  document_number: string;
  title: string;
  type: string;
  abstract: string | null;
  /** The register's short link, which redirects to the document page. */
  html_url: string;
  publication_date: string;
  agencies: { raw_name: string; name: string; slug: string }[];
}

export const FEDERAL_REGISTER: readonly FederalRegisterDocument[] = [
  {
    document_number: '2025-06836',
    title:
      'Ensuring National Security and Economic Resilience Through Section 232 Actions on Processed Critical Minerals and Derivative Products',
    type: 'Presidential Document',
    abstract: null,
    html_url: 'https://www.federalregister.gov/d/2025-06836',
    publication_date: '2025-04-18',
    agencies: [
      {
        raw_name: 'EXECUTIVE OFFICE OF THE PRESIDENT',
        name: 'Executive Office of the President',
        slug: 'executive-office-of-the-president',
      },
    ],
  },
  {
    document_number: '2025-16311',
    title: '2025 Draft List of Critical Minerals',
    type: 'Notice',
    abstract:
      'The United States remains heavily dependent on imports of certain mineral commodities that are vital to the Nation’s economic and national security interests. […] This is a Notice of an opportunity to comment on the 2025 draft List of Critical Minerals.',
    html_url: 'https://www.federalregister.gov/d/2025-16311',
    publication_date: '2025-08-26',
    agencies: [
      { raw_name: 'DEPARTMENT OF THE INTERIOR', name: 'Interior Department', slug: 'interior-department' },
      { raw_name: 'Geological Survey', name: 'Geological Survey', slug: 'geological-survey' },
    ],
  },
];

/** An item of the demo's news feed: real headlines (as their addresses give them) and links. */
export interface FeedItem {
  title: string;
  link: string;
  /** RFC 1123, as RSS 2.0 writes dates. */
  pubDate: string;
  description: string;
}

export const NEWS_FEED = {
  title: 'ree-watch demo: rare-earth magnet news',
  description:
    'Headlines and links of published articles, gathered for the ree-watch demo (not a real feed).',
  items: [
    {
      title: 'Rare earth permanent magnets exports in April 2025 hit a record low in nearly five years',
      link: 'https://news.metal.com/newscontent/103342786/rare-earth-permanent-magnets-exports-in-april-2025-hit-a-record-low-in-nearly-five-years-smm-analysis',
      pubDate: 'Sat, 24 May 2025 00:00:00 GMT',
      description:
        'SMM: "In April 2025, the exports of rare earth permanent magnets reached 2,627 mt, down 51% MoM and 45% YoY"',
    },
    {
      title: 'China’s rare earth magnet exports hit six-month high in July',
      link: 'https://www.kitco.com/news/off-the-wire/2025-08-20/chinas-rare-earth-magnet-exports-hit-six-month-high-july',
      pubDate: 'Wed, 20 Aug 2025 00:00:00 GMT',
      description:
        'Reuters via Kitco: exports "rose nearly 75% from June to hit the highest for a single month since January at 5,577 metric tons"',
    },
    {
      title: 'China’s rare earth magnet exports dip 6.1% in September amid tighter export scrutiny and curbs',
      link: 'https://www.telegraphindia.com/business/chinas-rare-earth-magnet-exports-dip-6-1-in-september-amid-tighter-export-scrutiny-and-curbs/cid/2128671',
      pubDate: 'Mon, 20 Oct 2025 00:00:00 GMT',
      description:
        'Reuters: "Shipments from the world\'s largest rare earth magnet supplier stood at 5,774 metric tons in September, down from a seven-month high of 6,146 tons in August"',
    },
  ] satisfies FeedItem[],
};

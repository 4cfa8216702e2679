import { describe, expect, it } from 'vitest';
import { seedDropAlert, seedMagnets } from '../helpers/command-data.js';
import { useConsole } from '../helpers/console-ask.js';
import { seedMonths, seedNotice } from '../helpers/seed.js';

const session = useConsole();

describe('/ree <country>', () => {
  it.each(['india', 'IN', 'IND', '699', '356', 'Republic of India', '"republic of india"', 'INDIA'])(
    'understands %s as India',
    async (text) => {
      const result = await session().ask(`/ree ${text}`);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('India (IN)');
      expect(result.stdout).toContain('china-india-magnets — China → India rare-earth magnet exports');
    },
  );

  it('shows a weight series in one unit: tonnes for all three figures once one reaches 1,000 kg', async () => {
    const cli = session();
    await cli.withStorage(
      async (db) =>
        await seedMonths(
          db,
          { '2024-06': 2_400, '2025-05': 1_200, '2025-06': 950 },
          { partner: 'IN', unit: 'kg' },
        ),
    );
    const result = await cli.ask('/ree india');
    expect(result.stdout).toContain(
      'June 2025: 0.95 t\nvs May 2025 (1.2 t): -21% · vs June 2024 (2.4 t): -60%',
    );
  });

  it.each([
    ['印度', 'India (IN)', 'china-india-magnets'],
    ['भारत', 'India (IN)', 'china-india-magnets'],
    ['インド', 'India (IN)', 'china-india-magnets'],
    ['日本', 'Japan (JP)', 'china-japan-magnets'],
    ['美国', 'United States (US)', 'china-us-magnets'],
    ['アメリカ', 'United States (US)', 'china-us-magnets'],
  ])('understands %s, a name in Chinese, Hindi or Japanese', async (text, country, watchlist) => {
    const result = await session().ask(`/ree ${text}`);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(country);
    expect(result.stdout).toContain(watchlist);
  });

  it('takes several words for one country', async () => {
    const result = await session().ask('/ree united states');
    expect(result.stdout).toContain('United States (US)');
    expect(result.stdout).toContain('china-us-magnets');
  });

  it('says which watchlists this channel already follows and offers the others', async () => {
    const cli = session();
    await cli.ask('/ree subscribe china-india-magnets');
    const result = await cli.ask('/ree india');
    expect(result.stdout).toContain(
      'china-india-magnets — China → India rare-earth magnet exports (this channel follows it)',
    );
    expect(result.stdout).toContain('/ree subscribe india-dgft-notices to get its alerts in this channel');
  });

  it('an unknown word gets suggestions across countries, commands and watchlists', async () => {
    const cli = session();
    const country = await cli.ask('/ree indai');
    expect(country.code).toBe(1);
    expect(country.stdout).toContain('"indai" is not a command, a country or a watchlist I know.');
    expect(country.stdout).toContain('Did you mean: /ree india?');
    const command = await cli.ask('/ree stauts');
    expect(command.stdout).toContain('Did you mean: /ree status?');
    const watchlist = await cli.ask('/ree china-india-magnet');
    expect(watchlist.stdout).toContain('Did you mean: /ree watchlists china-india-magnets?');
  });

  it('a watchlist id shows that watchlist', async () => {
    const result = await session().ask('/ree china-japan-magnets');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('China → Japan rare-earth magnet exports');
    expect(result.stdout).toContain('alerts on a drop of 25% or more from the previous month');
  });

  it('gibberish gets a pointer to help, never a stack trace', async () => {
    const result = await session().ask(
      '/ree qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq',
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('"qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq…" is not a command');
    expect(result.stdout).toContain('Type /ree help for the commands.');
    expect(result.stderr).toBe('');
  });
});

describe('/ree <country> with stored data', () => {
  it('summarises each series: latest month, changes, sparkline, freshness; then alerts and notices', async () => {
    const cli = session();
    await cli.withStorage(async (db) => {
      await seedMagnets(db, Date.parse('2025-07-15T10:00:00Z'));
      await seedMonths(
        db,
        { '2025-05': 4.2e6, '2025-06': 4.0e6 },
        { reporter: 'IN', partner: 'WORLD', flow: 'import' },
        0,
      );
      await seedDropAlert(
        db,
        '2025-04',
        'China → India rare-earth magnet exports fell 80% in April 2025: $1.1 M, down from $5.6 M in March 2025.',
        0,
      );
      await seedNotice(db, {
        id: 'd1',
        source: 'dgft',
        title: 'Import policy for rare earth magnets amended',
        publishedAt: Date.parse('2025-07-01T00:00:00Z'),
        url: 'https://www.dgft.gov.in/n/1',
      });
      await seedNotice(db, {
        id: 'm1',
        source: 'mofcom',
        title: 'Export control of rare earths: shipments to India',
        publishedAt: Date.parse('2025-04-04T00:00:00Z'),
      });
      await seedNotice(db, {
        id: 'm2',
        source: 'mofcom',
        title: 'Trade fair in Guangzhou',
        publishedAt: Date.parse('2025-07-05T00:00:00Z'),
      });
      await seedNotice(db, {
        id: 'd0',
        source: 'dgft',
        title: 'Lithium import licences',
        publishedAt: Date.parse('2025-03-01T00:00:00Z'),
      });
      await seedNotice(db, {
        id: 'd-old',
        source: 'dgft',
        title: 'Rare earth permanent magnet duty',
        publishedAt: Date.parse('2025-01-01T00:00:00Z'),
      });
    });
    const result = await cli.ask('/ree india');
    expect(result.code).toBe(0);
    const out = result.stdout;
    expect(out).toContain('India (IN): rare-earth trade and notices');
    expect(out).toContain('China → India exports · HS 850511 (permanent magnets of metal)');
    expect(out).toContain('June 2025: $7.4 M');
    expect(out).toContain('vs May 2025 ($2.9 M): +155% · vs June 2024 ($12 M): -38%');
    expect(out).toContain('2023-07 ▆▆▆▅▆▆▇▆▆▇▇▇▇▇▇██▇██▄▁▂▅ 2025-06 (24 months)');
    expect(out).toContain('Latest period 2025-06, fetched 2h ago from UN Comtrade');
    // The world, where known.
    expect(out).toContain('India imports from World · HS 850511');
    expect(out).toContain('vs May 2025 ($4.2 M): -4.8% · vs June 2024: no figure stored');
    expect(out).toContain('▼ China → India rare-earth magnet exports fell 80% in April 2025');
    // The three newest notices that a watchlist about India would match, or that name India.
    const notices = out.slice(out.indexOf('Newest notices'), out.indexOf('Watchlists\n'));
    expect(notices.split('\n').filter((line) => /^\d{4}-\d{2}-\d{2} · /.test(line))).toEqual([
      '2025-07-01 · India DGFT · Import policy for rare earth magnets amended',
      '2025-04-04 · China MOFCOM · Export control of rare earths: shipments to India',
      '2025-03-01 · India DGFT · Lithium import licences',
    ]);
    expect(out).toContain('Import policy for rare earth magnets amended: https://www.dgft.gov.in/n/1');
  });

  it('finds notices naming the country among the 500 newest, however deep, and none older', async () => {
    const cli = session();
    const newest = Date.parse('2025-07-10T00:00:00Z');
    await cli.withStorage(async (db) => {
      // 520 notices an hour apart; three name India: the 2nd, the 300th and the 510th newest.
      for (let index = 0; index < 520; index++) {
        const names = index === 1 || index === 299 || index === 509;
        await seedNotice(db, {
          id: `n${index}`,
          title: names ? `Notice ${index}: shipments to India` : `Notice ${index}: trade fair`,
          publishedAt: newest - index * 3_600_000,
        });
      }
    });
    const result = await cli.ask('/ree india');
    const notices = result.stdout.slice(
      result.stdout.indexOf('Newest notices'),
      result.stdout.indexOf('Watchlists\n'),
    );
    expect(notices).toContain('Notice 1: shipments to India');
    expect(notices).toContain('Notice 299: shipments to India');
    expect(notices).not.toContain('Notice 509');
  });

  it('says plainly when nothing is stored yet', async () => {
    const result = await session().ask('/ree japan');
    expect(result.stdout).toContain('No trade figures are stored for Japan yet.');
    expect(result.stdout).toContain('They arrive with the next poll of the watchlists below.');
    expect(result.stdout).toContain('None: no watchlist about this country is alerting.');
  });
});

import { describe, expect, it } from 'vitest';
import { useConsole } from '../helpers/console-ask.js';
import { seedNotice } from '../helpers/seed.js';

const session = useConsole();
const day = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

async function seeded() {
  const cli = session();
  await cli.withStorage(async (db) => {
    await seedNotice(db, {
      id: 'a',
      source: 'mofcom',
      title: 'Announcement No. 18 of 2025 on export control of rare earths',
      publishedAt: day('2025-07-10'),
      agency: 'Ministry of Commerce',
      url: 'https://www.mofcom.gov.cn/a',
    });
    await seedNotice(db, {
      id: 'b',
      source: 'federal-register',
      title: 'Critical minerals: Section 232 investigation',
      publishedAt: day('2025-07-01'),
      agency: 'Commerce Department',
      url: 'https://www.federalregister.gov/d/2025-1',
    });
    await seedNotice(db, {
      id: 'c',
      source: 'dgft',
      title: 'Rare-Earth magnet import monitoring',
      publishedAt: day('2025-06-20'),
      url: 'https://www.dgft.gov.in/c',
    });
    await seedNotice(db, {
      id: 'd',
      source: 'mofcom',
      title: 'Older rare earth notice',
      publishedAt: day('2025-03-01'),
    });
    await seedNotice(
      db,
      {
        id: 'e',
        source: 'rss',
        title: 'Undated feed item on rare earths',
        publishedAt: null,
        url: 'javascript:alert(1)',
      },
      day('2025-07-12'),
    );
  });
  return cli;
}

describe('/ree notices', () => {
  it('lists the newest notices of the last 30 days with date, source, agency and link', async () => {
    const result = await (await seeded()).ask('/ree notices');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Notices in the last 30 days');
    const dated = result.stdout.split('\n').filter((line) => /^\d{4}-\d{2}-\d{2} /.test(line));
    expect(dated).toEqual([
      '2025-07-12 (first seen; undated) · RSS feed',
      '2025-07-10 · China MOFCOM · Ministry of Commerce',
      '2025-07-01 · US Federal Register · Commerce Department',
      '2025-06-20 · India DGFT',
    ]);
    expect(result.stdout).toContain('https://www.mofcom.gov.cn/a');
    // A link that is not http(s) is never shown.
    expect(result.stdout).not.toContain('javascript:');
  });

  it('matches a keyword the way alerts do (case, dashes) and filters by source and days', async () => {
    const cli = await seeded();
    const keyword = await cli.ask('/ree notices "rare earth" --source dgft');
    expect(keyword.stdout).toContain('Notices mentioning "rare earth" from India DGFT in the last 30 days');
    expect(keyword.stdout).toContain('Rare-Earth magnet import monitoring');
    expect(keyword.stdout).not.toContain('Announcement No. 18');
    const longer = await cli.ask('/ree notices rare earth --days 365 --source mofcom');
    expect(longer.stdout).toContain('Older rare earth notice');
    expect(longer.stdout).toContain('2 notices.');
  });

  it('suggests a longer period when nothing matches', async () => {
    const result = await (await seeded()).ask('/ree notices gallium');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Notices mentioning "gallium" in the last 30 days: none stored.');
    expect(result.stdout).toContain('Try a longer period, e.g. /ree notices "gallium" --days 365');
  });

  it('explains an unknown source or a bad number of days', async () => {
    const cli = await seeded();
    const source = await cli.ask('/ree notices --source mofcm');
    expect(source.code).toBe(1);
    expect(source.stdout).toContain('"mofcm" is not a notice source.');
    expect(source.stdout).toContain('Did you mean: mofcom?');
    const days = await cli.ask('/ree notices --days lots');
    expect(days.code).toBe(1);
    expect(days.stdout).toContain('--days takes a whole number from 1 to 3650');
  });
});

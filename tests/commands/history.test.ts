import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoredAlert } from '../../src/model/alert.js';
import { seedDropAlert, seedMagnets } from '../helpers/command-data.js';
import { useConsole } from '../helpers/console-ask.js';
import { seedMonths } from '../helpers/seed.js';

const session = useConsole();

describe('/ree history', () => {
  it('shows each month with the baseline and threshold of the rule that fired, and marks the alert', async () => {
    const cli = session();
    await cli.withStorage(async (db) => {
      await seedMagnets(db, 0);
      await seedDropAlert(
        db,
        '2025-04',
        'China → India rare-earth magnet exports fell 80% in April 2025: $1.1 M, down from $5.6 M in March 2025.',
        Date.parse('2025-06-10T00:00:00Z'),
      );
    });
    const result = await cli.ask('/ree history china-india-magnets 6');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('History of china-india-magnets');
    expect(result.stdout).toContain('Rule shown: alerts on a drop of 20% or more from the previous month.');
    const table = result.stdout.split('\n').filter((line) => line.startsWith('  '));
    expect(table).toEqual([
      '  month        value  baseline threshold change  month is',
      '  2025-01    $12.9 M   $12.2 M   $9.76 M  +5.7%  reported',
      '  2025-02    $13.4 M   $12.9 M   $10.3 M  +3.9%  reported',
      '  2025-03     $5.6 M   $13.4 M   $10.7 M   -58%  reported',
      '  2025-04     $1.1 M    $5.6 M   $4.48 M   -80%  reported           ◀ alert',
      '  2025-05     $2.9 M    $1.1 M    $880 k  +164%  reported',
      '  2025-06     $7.4 M    $2.9 M   $2.32 M  +155%  reported',
    ]);
    expect(result.stdout).toContain(
      '2025-06-10 ▼ China → India rare-earth magnet exports fell 80% in April 2025: $1.1 M, down from $5.6 M in March 2025. — alerting',
    );
  });

  it('shows a weight watchlist in one unit, tonnes, in its header and every figure', async () => {
    const cli = session();
    const file = join(cli.databasePath, '..', 'watchlists.yaml');
    writeFileSync(
      file,
      readFileSync('config/watchlists.yaml', 'utf8').replace(
        'partner: US\n  flow: export\n  hs: ["850511"]\n',
        'partner: US\n  flow: export\n  hs: ["850511"]\n  measure: weight\n',
      ),
    );
    cli.env.WATCHLISTS_FILE = file;
    // China → US magnets in kg (published: 46 t in May 2025, 353 t in June).
    await cli.withStorage(
      async (db) =>
        await seedMonths(
          db,
          { '2025-04': 256_000, '2025-05': 46_000, '2025-06': 353_000 },
          { partner: 'US', unit: 'kg' },
        ),
    );
    const result = await cli.ask('/ree history china-us-magnets 3');
    expect(result.stdout).toContain('China → United States exports · HS 850511 (t)');
    expect(result.stdout.split('\n').filter((line) => line.startsWith('  2025-'))).toEqual([
      '  2025-04      256 t         –         –      –  reported',
      '  2025-05       46 t     256 t     192 t   -82%  reported',
      '  2025-06      353 t      46 t    34.5 t  +667%  reported',
    ]);
    expect(result.stdout).not.toContain('kg');
  });

  it('says what became of each alert: alerting, replaced by a newer month (never resolved), recovered, or ended unposted', async () => {
    const cli = session();
    const day = (date: string) => Date.parse(`${date}T12:00:00Z`);
    const alert = (rule: string, period: string, headline: string) => ({
      dedupKey: `china-us-magnets/${rule}/hs-850511/${period}`,
      watchlistId: 'china-us-magnets',
      rule,
      subject: 'hs-850511',
      period,
      kind: 'condition' as const,
      severity: 'warning' as const,
      headline,
      facts: [],
      source: 'UN Comtrade',
    });
    await cli.withStorage(async (db) => {
      const alerts = db.alerts;
      const yy = 'drop:same-month-last-year:30%';
      const stored = async (candidate: ReturnType<typeof alert>) =>
        (await alerts.get(candidate.dedupKey)) as StoredAlert;
      // April's y/y drop, closed before this version as "superseded": replaced, not resolved.
      const april = alert(yy, '2025-04', 'April: -59% y/y.');
      await alerts.recordFiring(april, day('2025-05-20'));
      await alerts.recordResolved(
        await stored(april),
        { ...(await stored(april)).detail, closedBecause: 'superseded by the alert for 2025-05' },
        day('2025-06-20'),
        false,
      );
      const may = alert(yy, '2025-05', 'May: -93% y/y.');
      await alerts.recordFiring(may, day('2025-06-20'));
      await alerts.recordResolved(
        await stored(may),
        { ...(await stored(may)).detail, replacedBy: '2025-06' },
        day('2025-07-21'),
        false,
      );
      await alerts.recordFiring(alert(yy, '2025-06', 'June: -44% y/y.'), day('2025-07-21'), false);
      // The monthly drop recovered in June, and the channel was told.
      const mm = alert('drop:previous-month:25%', '2025-05', 'May: -82% m/m.');
      await alerts.recordFiring(mm, day('2025-06-20'));
      await alerts.recordResolved(
        await stored(mm),
        { ...(await stored(mm)).detail, resolution: { headline: 'x', facts: [] } },
        day('2025-07-21'),
        true,
      );
      // June's rise ended in July: recorded, not posted.
      const rise = alert('rise:previous-month:50%', '2025-06', 'June: +667% m/m.');
      await alerts.recordFiring(rise, day('2025-07-21'));
      await alerts.recordResolved(
        await stored(rise),
        { ...(await stored(rise)).detail, resolution: { headline: 'x', facts: [] } },
        day('2025-08-20'),
        false,
      );
    });
    const lines = (await cli.ask('/ree history china-us-magnets')).stdout.split('\n');
    const shown = (text: string) => lines.find((line) => line.includes(text));
    expect(shown('April: -59% y/y.')).toBe('2025-05-20 ▼ April: -59% y/y. — replaced by the May 2025 figure');
    expect(shown('May: -93% y/y.')).toBe('2025-06-20 ▼ May: -93% y/y. — replaced by the June 2025 figure');
    expect(shown('June: -44% y/y.')).toBe('2025-07-21 ▼ June: -44% y/y. — alerting');
    expect(shown('May: -82% m/m.')).toBe('2025-06-20 ▼ May: -82% m/m. — recovered 2025-07-21');
    expect(shown('June: +667% m/m.')).toBe('2025-07-21 ▲ June: +667% m/m. — ended 2025-08-20, not posted');
    expect(lines.join('\n')).not.toContain('resolved');
  });

  it('marks each month reported, not reported, no trade recorded or not yet published, never as a zero', async () => {
    const cli = session();
    const route = { source: 'comtrade', reporter: 'CN', partner: 'IN', flow: 'export' } as const;
    const at = Date.parse('2025-06-20T00:00:00Z');
    await cli.withStorage(async (db) => {
      const month = (period: string, value: number | null) => ({
        ...route,
        hs: '850511',
        unit: 'USD' as const,
        period,
        value,
        status: value === null ? ('suppressed' as const) : ('reported' as const),
        fetchedAt: at,
      });
      await db.observations.upsert([
        month('2025-02', 5_000_000),
        month('2025-03', null),
        month('2025-05', 4_000_000),
      ]);
      const coverage = db.tradeCoverage;
      // China has published up to May; April was asked and answered without a row for India.
      const published = new Map(['2025-02', '2025-03', '2025-04', '2025-05'].map((p) => [p, 'r1']));
      await coverage.recordPublished('comtrade', 'CN', published, at);
      await coverage.recordAnswered(
        route,
        [...published.keys()].map((period) => ({ period, hs: ['850511'] })),
        at,
      );
    });

    const result = await cli.ask('/ree history china-india-magnets 5');

    const table = result.stdout.split('\n').filter((line) => /^ {2}2025-/.test(line));
    expect(table.map((line) => [line.slice(2, 9), line.slice(49).trim()])).toEqual([
      ['2025-02', 'reported'],
      ['2025-03', 'not reported'],
      ['2025-04', 'no trade recorded'],
      ['2025-05', 'reported'],
      ['2025-06', 'not yet published'],
    ]);
  });

  it('accepts the months before the id, and refuses a silly number', async () => {
    const cli = session();
    await cli.withStorage(async (db) => await seedMagnets(db, 0));
    expect((await cli.ask('/ree history 3 china-india-magnets')).stdout).toContain('2025-04 ');
    const bad = await cli.ask('/ree history china-india-magnets 999');
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('"999" months: choose from 2 to 36');
  });

  it('explains an empty watchlist, a notice watchlist, and an unknown id', async () => {
    const cli = session();
    expect((await cli.ask('/ree history china-us-magnets')).stdout).toContain(
      'No months are stored for this watchlist yet',
    );
    expect((await cli.ask('/ree history china-export-controls')).stdout).toContain(
      'This watchlist has not raised an alert yet.',
    );
    const unknown = await cli.ask('/ree history china-india-magnet');
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toContain('Did you mean: china-india-magnets?');
  });
});

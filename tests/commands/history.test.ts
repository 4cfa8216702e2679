import { describe, expect, it } from 'vitest';
import { ObservationStore } from '../../src/store/observations.js';
import { TradeCoverageStore } from '../../src/store/trade-coverage.js';
import { seedDropAlert, seedMagnets } from '../helpers/command-data.js';
import { useConsole } from '../helpers/console-ask.js';

const session = useConsole();

describe('/ree history', () => {
  it('shows each month with the baseline and threshold of the rule that fired, and marks the alert', async () => {
    const cli = session();
    cli.withDb((db) => {
      seedMagnets(db, 0);
      seedDropAlert(
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
      '2025-06-10 FIRING: China → India rare-earth magnet exports fell 80% in April 2025',
    );
  });

  it('marks each month reported, not reported, no trade recorded or not yet published, never as a zero', async () => {
    const cli = session();
    const route = { source: 'comtrade', reporter: 'CN', partner: 'IN', flow: 'export' } as const;
    const at = Date.parse('2025-06-20T00:00:00Z');
    cli.withDb((db) => {
      const month = (period: string, value: number | null) => ({
        ...route,
        hs: '850511',
        unit: 'USD' as const,
        period,
        value,
        status: value === null ? ('suppressed' as const) : ('reported' as const),
        fetchedAt: at,
      });
      new ObservationStore(db).upsert([
        month('2025-02', 5_000_000),
        month('2025-03', null),
        month('2025-05', 4_000_000),
      ]);
      const coverage = new TradeCoverageStore(db);
      // China has published up to May; April was asked and answered without a row for India.
      const published = new Map(['2025-02', '2025-03', '2025-04', '2025-05'].map((p) => [p, 'r1']));
      coverage.recordPublished('comtrade', 'CN', published, at);
      coverage.recordAnswered(
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
    cli.withDb((db) => seedMagnets(db, 0));
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

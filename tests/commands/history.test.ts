import { describe, expect, it } from 'vitest';
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
      '  month        value  baseline threshold change',
      '  2025-01    $12.9 M   $12.2 M   $9.76 M  +5.7%',
      '  2025-02    $13.4 M   $12.9 M   $10.3 M  +3.9%',
      '  2025-03     $5.6 M   $13.4 M   $10.7 M   -58%',
      '  2025-04     $1.1 M    $5.6 M   $4.48 M   -80%  ◀ alert',
      '  2025-05     $2.9 M    $1.1 M    $880 k  +164%',
      '  2025-06     $7.4 M    $2.9 M   $2.32 M  +155%',
    ]);
    expect(result.stdout).toContain(
      '2025-06-10 FIRING: China → India rare-earth magnet exports fell 80% in April 2025',
    );
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

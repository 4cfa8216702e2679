import { describe, expect, it } from 'vitest';
import { useConsole } from '../helpers/console-ask.js';

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
    expect(result.stdout).toContain('alerts when a month falls 25 % below the previous month');
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

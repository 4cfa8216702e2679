import { describe, expect, it } from 'vitest';
import { createCommandRegistry } from '../../src/commands/index.js';
import { useConsole } from '../helpers/console-ask.js';

const session = useConsole();

describe('/ree help', () => {
  it('lists every command with what it does and an example', async () => {
    const cli = session();
    const result = await cli.ask('/ree help');
    expect(result.code).toBe(0);
    for (const command of createCommandRegistry().list()) {
      expect(result.stdout).toContain(`/ree ${command.usage} — ${command.summary}. e.g. /ree `);
    }
    expect(result.stdout).toContain('/ree <country> — ');
    expect(result.stdout).toContain('e.g. /ree mute china-india-magnets 7d');
  });

  it('an empty command is answered with the help', async () => {
    const result = await session().ask('/ree');
    expect(result.stdout).toContain('ree-watch commands');
  });

  it('explains one command: arguments, examples, aliases and who may use it', async () => {
    const result = await session().ask('/ree help subscribe');
    expect(result.stdout).toContain('/ree subscribe <watchlist…>');
    expect(result.stdout).toContain('<watchlists>: One or more watchlist ids, separated by spaces');
    expect(result.stdout).toContain('/ree subscribe china-us-magnets china-japan-magnets');
    expect(result.stdout).toContain('/ree follow');
    expect(result.stdout).toContain('It changes what this channel (and only this one) receives');
  });

  it('marks optional arguments and --flags', async () => {
    const result = await session().ask('/ree help watchlists');
    expect(result.stdout).toContain(
      '<filter> (optional): A watchlist id, a country, an HS code or a word from the title',
    );
    expect(result.stdout).toContain('--page (optional): Which page of the list');
  });

  it('suggests a command for a typo, and explains that a country is not a command', async () => {
    const cli = session();
    const typo = await cli.ask('/ree help unsbscribe');
    expect(typo.code).toBe(1);
    expect(typo.stdout).toContain('There is no command called "unsbscribe".');
    expect(typo.stdout).toContain('Did you mean: /ree help unsubscribe?');
    const country = await cli.ask('/ree help india');
    expect(country.stdout).toContain('Try: /ree india');
  });
});

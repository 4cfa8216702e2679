import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useConsole } from '../helpers/console-ask.js';

const session = useConsole();

describe('/ree watchlists', () => {
  it('lists each watchlist with its id, title, rules in words and how many channels follow it', async () => {
    const cli = session();
    await cli.ask('/ree subscribe china-india-magnets', { channel: 'C1' });
    await cli.ask('/ree subscribe china-india-magnets', { channel: 'C2' });
    const result = await cli.ask('/ree watchlists', { channel: 'C1' });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('8 watchlists');
    expect(result.stdout).toContain('china-india-magnets — China → India rare-earth magnet exports');
    expect(result.stdout).toContain(
      'China → India exports of HS 850511 (permanent magnets of metal), value in USD, from UN Comtrade',
    );
    expect(result.stdout).toContain('alerts on a drop of 20% or more from the previous month');
    expect(result.stdout).toContain('alerts on a drop of 30% or more from the 6-month average');
    expect(result.stdout).toContain('alerts on 3 or more monthly declines in a row');
    expect(result.stdout).toContain('alerts on no new month for more than 75 days');
    expect(result.stdout).toContain('followed by 2 channels, including this one');
    expect(result.stdout).toContain('china-export-controls — China export-control notices on rare earths');
    expect(result.stdout).toContain(
      'alerts on a new notice mentioning any of: rare earth, 稀土, export control',
    );
  });

  it('pages a long list and every page says how to get the next', async () => {
    const cli = session();
    const first = await cli.ask('/ree watchlists');
    expect(first.stdout).toContain('Page 1 of 2 · next: /ree watchlists --page 2');
    const second = await cli.ask('/ree watchlists --page 2');
    expect(second.stdout).toContain('Page 2 of 2');
    expect(second.stdout).toContain('india-dgft-notices — India DGFT notices');
    const shown = (text: string) => [...text.matchAll(/^([a-z0-9-]+) — /gm)].map((match) => match[1]);
    expect([...shown(first.stdout), ...shown(second.stdout)]).toHaveLength(8);
  });

  it('filters by country, HS code or word, and shows one watchlist in full by id', async () => {
    const cli = session();
    const india = await cli.ask('/ree watchlists IND');
    expect(india.stdout).toContain('2 watchlists matching "IND"');
    expect(india.stdout).toContain('china-india-magnets');
    expect(india.stdout).toContain('india-dgft-notices');
    const hs = await cli.ask('/ree watchlists 2846');
    expect(hs.stdout).toContain('1 watchlist matching "2846"');
    expect(hs.stdout).toContain('china-world-rare-earths');
    const one = await cli.ask('/ree watchlists china-us-magnets');
    expect(one.stdout).toContain('alerts on a drop of 25% or more from the previous month');
    expect(one.stdout).toContain('/ree subscribe china-us-magnets to get its alerts in this channel.');
  });

  it('suggests ids when nothing matches', async () => {
    const partial = await session().ask('/ree watchlists india magnet');
    expect(partial.stdout).toContain('2 watchlists matching "india magnet"');
    const typo = await session().ask('/ree watchlists chna-us-magnets');
    expect(typo.code).toBe(1);
    expect(typo.stdout).toContain('Did you mean: china-us-magnets?');
    const none = await session().ask('/ree watchlists zzzzzz');
    expect(none.code).toBe(1);
    expect(none.stdout).toContain('No watchlist matches "zzzzzz".');
  });

  it('describes floors, revisions and guarded drops from a custom watchlist file', async () => {
    const cli = session();
    const file = join(dirname(cli.databasePath), 'w.yaml');
    writeFileSync(
      file,
      `- id: japan-magnet-imports
  title: Japan magnet imports from China by weight
  kind: trade
  source: comtrade
  reporter: JPN
  partner: China
  flow: import
  hs: ["850511"]
  measure: weight
  rules:
    - { type: floor, below: 250000 }
    - { type: drop, compare: previous-month, percent: 15, below: 1000000 }
    - { type: revision, percent: 10 }
`,
    );
    cli.env.WATCHLISTS_FILE = file;
    const result = await cli.ask('/ree watchlists');
    expect(result.stdout).toContain(
      'Japan imports from China of HS 850511 (permanent magnets of metal), net weight in kg, from UN Comtrade',
    );
    expect(result.stdout).toContain('alerts on a month below 250 t');
    expect(result.stdout).toContain(
      'alerts on a drop of 15% or more from the previous month to below 1,000 t',
    );
    expect(result.stdout).toContain('alerts on a published month revised by more than 10%');
  });
});

import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seedDropAlert, seedMagnets } from '../helpers/command-data.js';
import { useConsole } from '../helpers/console-ask.js';

const session = useConsole();
const PNG = [0x89, 0x50, 0x4e, 0x47];

function savedChart(stdout: string): Buffer {
  const path = /^Chart: (\S+\.png) — /m.exec(stdout)?.[1];
  expect(path).toBeDefined();
  expect(existsSync(path ?? '')).toBe(true);
  return readFileSync(path ?? '');
}

describe('/ree chart', () => {
  it('renders a watchlist as a PNG and the console prints where it was saved', async () => {
    const cli = session();
    await cli.withStorage(async (db) => {
      await seedMagnets(db, 0);
      await seedDropAlert(db, '2025-04', 'fell 80%', 0);
    });
    const result = await cli.ask('/ree chart china-india-magnets');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Chart of china-india-magnets, 2023-07 to 2025-06');
    expect(result.stdout).toContain(
      'The series, the baseline (dotted) and the threshold (dashed red); 1 alert month circled.',
    );
    expect(result.stdout).toMatch(
      /Chart: .*charts\/china-india-magnets-24m\.png — China → India rare-earth magnet exports, 2023-07 to 2025-06/,
    );
    expect([...savedChart(result.stdout).subarray(0, 4)]).toEqual(PNG);
  });

  it('charts a country from its stored series, over the months asked for', async () => {
    const cli = session();
    await cli.withStorage(async (db) => await seedMagnets(db, 0));
    const result = await cli.ask('/ree chart IND 12');
    expect(result.stdout).toContain('Chart of India, 2024-07 to 2025-06');
    expect([...savedChart(result.stdout).subarray(0, 4)]).toEqual(PNG);
  });

  it('explains what it cannot draw', async () => {
    const cli = session();
    expect((await cli.ask('/ree chart china-india-magnets')).stdout).toContain(
      'No figures for china-india-magnets yet',
    );
    const notices = await cli.ask('/ree chart china-export-controls');
    expect(notices.code).toBe(1);
    expect(notices.stdout).toContain('china-export-controls watches notices, not figures.');
    const unknown = await cli.ask('/ree chart narnia');
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toContain('"narnia" is not a watchlist id.');
  });
});

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../helpers/postgres.js';
import { ServiceProcess } from '../helpers/service-process.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();

/** Every "table  source → target  ✓ checksum …" line of a copy's output, as table → [rows, rows, sum]. */
function verified(stdout: string): Map<string, [string, string, string]> {
  const lines = [...stdout.matchAll(/^ {2}(\w+)\s+([\d,]+) → +([\d,]+) {2}([✓✗]) checksum (\w+)/gm)];
  return new Map(
    lines.map((match) => [
      match[1] as string,
      [match[2], match[3], `${match[4]}${match[5]}`] as [string, string, string],
    ]),
  );
}

describe('ree-watch db copy', () => {
  it("moves the demo's database into PostgreSQL; killed midway, it refuses to restart blind and resumes to an identical copy", async () => {
    const dir = tempDir();
    const database = join(dir, 'demo.db');
    const demo = ServiceProcess.spawn(['demo', '--keep-database', database], { LOG_LEVEL: 'warn' });
    demo.child.stdin.end();
    expect((await demo.exited).code).toBe(0);
    expect(existsSync(database)).toBe(true);
    const target = await createTestDatabase('copy');

    // Interrupted: SIGKILL while it copies the observations, a few rows a batch.
    const first = ServiceProcess.spawn(
      ['db', 'copy', '--from', database, '--to', target, '--batch-size', '3'],
      {},
    );
    await first.waitFor(/copying observations \(([\d,]+) rows\)/);
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const again = ServiceProcess.spawn(['db', 'copy', '--from', database, '--to', target], {});
    expect((await again.exited).code).toBe(2);
    expect(again.stderr).toMatch(
      /the target already holds rows in .*series.*--resume to finish an interrupted copy/,
    );

    const resumed = ServiceProcess.spawn(['db', 'copy', '--from', database, '--to', target, '--resume'], {});
    expect((await resumed.exited).code, resumed.stderr).toBe(0);
    // Tables the killed run finished are only verified; the observations it was in the middle of are copied on.
    expect(resumed.stderr).toMatch(/copying observations/);
    expect(resumed.stderr).not.toMatch(/copying series\b/);
    const tables = verified(resumed.stdout);
    for (const table of [
      'observations',
      'series',
      'notices',
      'alerts',
      'series_states',
      'subscriptions',
      'outbox',
    ])
      expect(tables.get(table), table).toBeDefined();
    for (const [table, [source, copied, checksum]] of tables) {
      expect(copied, table).toBe(source);
      expect(checksum, table).toMatch(/^✓/);
    }
    expect(Number(tables.get('observations')?.[0].replace(/,/g, ''))).toBeGreaterThan(50);
    expect(resumed.stdout).toMatch(/Every table copied and verified/);
    // The password-free description of the target, never its URL.
    expect(resumed.stdout).toMatch(/→ PostgreSQL postgres@127\.0\.0\.1:\d+\/copy_/);
  }, 120_000);
});

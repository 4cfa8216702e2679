import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Observation } from '../../src/model/trade.js';
import { openTestStorage } from '../helpers/storage.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/**
 * Another process committing small writes as fast as it can, with the same busy timeout as ree-watch:
 * what the service's outbox and request log do while a `ree-watch poll` stores its answer.
 */
async function startBusyWriter(path: string): Promise<ChildProcess> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(path)});
    db.pragma('busy_timeout = 5000');
    const insert = db.prepare('INSERT INTO http_requests (host, at) VALUES (?, ?)');
    process.stdout.write('ready\\n');
    for (let i = 0; ; i++) insert.run('writer.example', i);
  `;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the writer exited with ${code}`)));
  });
  return child;
}

const month = (index: number) =>
  `20${String(10 + Math.floor(index / 12)).padStart(2, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;

describe('two processes writing to one database', () => {
  it('stores observations and notices without "database is locked" while another process writes', async () => {
    const path = join(tempDir(), 'ree.db');
    await (await openTestStorage({ path })).close();
    await startBusyWriter(path);
    const storage = await openTestStorage({ path });
    const { observations, notices } = storage;
    const failures: string[] = [];
    let batches = 0;
    const until = Date.now() + 1_500;
    for (let round = 0; Date.now() < until; round++) {
      try {
        // Reads come first in these transactions (the months held, the notice stored), then writes.
        await observations.upsert(
          Array.from(
            { length: 24 },
            (_, i): Observation => ({
              source: 'comtrade',
              reporter: 'CN',
              partner: 'IN',
              flow: 'export',
              hs: '850511',
              period: month(i),
              value: 1_000 + round,
              unit: 'USD',
              status: 'reported',
              fetchedAt: round,
            }),
          ),
        );
        await notices.upsert(
          [
            {
              source: 'mofcom',
              id: `n${round % 50}`,
              title: `notice ${round}`,
              url: 'https://x.example/',
              publishedAt: null,
              agency: null,
              summary: null,
            },
          ],
          round,
        );
        batches++;
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
      }
    }
    await storage.close();
    expect(batches).toBeGreaterThan(20);
    expect(failures.slice(0, 3)).toEqual([]);
  });
});

import { join } from 'node:path';
import type { Clock } from '../../src/clock.js';
import { runCli } from './capture.js';
import { FakeClock } from './fake-clock.js';
import { openTestStorage, type TestStorage } from './storage.js';
import { useTempDir } from './temp-dir.js';

/**
 * `ree-watch ask` in-process against a database in a fresh temporary folder, with a fake clock, so
 * a test can seed the store, run commands exactly as a person at the console would, and read the output.
 */
export function useConsole(): () => ConsoleSession {
  const tempDir = useTempDir();
  return () => new ConsoleSession(join(tempDir(), 'ree.db'));
}

export class ConsoleSession {
  readonly clock = new FakeClock(Date.parse('2025-07-15T12:00:00Z'));
  env: Record<string, string>;

  constructor(readonly databasePath: string) {
    this.env = { DATABASE_PATH: databasePath, LOG_LEVEL: 'silent' };
  }

  /** Runs `ree-watch ask "<text>" [--channel ID]`; the exit code is 1 when the reply is an error. */
  async ask(text: string, options: { channel?: string; clock?: Clock } = {}) {
    const argv = ['ask', text, ...(options.channel ? ['--channel', options.channel] : [])];
    return runCli(argv, this.env, { clock: options.clock ?? this.clock });
  }

  /** Opens the same database the commands use, for seeding or checking what they stored. */
  async withStorage<T>(use: (storage: TestStorage) => Promise<T>): Promise<T> {
    const storage = await openTestStorage({ path: this.databasePath, clock: this.clock });
    try {
      return await use(storage);
    } finally {
      await storage.close();
    }
  }
}

import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { UNREACHABLE_SOURCE_URLS } from '../helpers/service-process.js';
import { useTempDir } from '../helpers/temp-dir.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const tempDir = useTempDir();
const started: ChildProcess[] = [];
afterEach(() => {
  // Its own process group: whatever npm started goes too, even a service npm left behind.
  for (const child of started.splice(0)) {
    try {
      process.kill(-(child.pid as number), 'SIGKILL');
    } catch {
      // the group is gone already
    }
  }
});

/** Whether anything still answers on the port. */
async function answers(port: number): Promise<boolean> {
  try {
    await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

describe('npm start under a supervisor (a real npm, a real service)', { timeout: 60_000 }, () => {
  it('stops the service when only npm gets SIGTERM, as systemd or a process manager sends it', async () => {
    // npm forwards SIGTERM to the shell it ran the script in; a shell that does not pass it on
    // would leave node serving with no parent. The start script execs node, so npm's child is the service.
    const npm = spawn('npm', ['start'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? tempDir(),
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_PATH: join(tempDir(), 'ree.db'),
        ...UNREACHABLE_SOURCE_URLS,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    started.push(npm);
    let stderr = '';
    npm.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    npm.stdout.resume();
    const exited = new Promise<number | null>((resolve) => npm.once('exit', (code) => resolve(code)));

    const deadline = Date.now() + 30_000;
    let port = 0;
    while (port === 0 && Date.now() < deadline && npm.exitCode === null) {
      port = Number(/"port":(\d+)/.exec(stderr)?.[1] ?? 0);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(port, stderr).toBeGreaterThan(0);
    // The first poll starts with the service and competes for the machine: allow /healthz a few tries.
    let answered = false;
    for (let attempt = 0; attempt < 10 && !answered; attempt++) answered = await answers(port);
    expect(answered).toBe(true);

    const stopAt = Date.now();
    npm.kill('SIGTERM');
    const code = await exited;
    // npm waits for the service's clean stop and reports it.
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('"msg":"stopped"');
    expect(Date.now() - stopAt).toBeLessThan(5_000);
    expect(await answers(port)).toBe(false);
  });
});

import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshBuildEntry } from '../bin/source-fingerprint.js';
import { SOURCE_URL_KEYS } from '../src/config.js';
import { formatMs, median } from './lib/stats.js';
import type { BenchResult } from './report.js';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin/ree-watch.js');
/** What bin/ree-watch.js does when there is no fresh build: the TypeScript sources through tsx. */
const TSX_FALLBACK = [
  '--input-type=module',
  '-e',
  "const { register } = await import('tsx/esm/api'); register(); await import('./src/main.ts');",
  // -e leaves no script path in process.argv; this stands in for it, so `start` is the command.
  'ree-watch',
];

function timeNodeEmpty(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['-e', '']);
    child.once('error', reject);
    child.once('exit', () => resolve(performance.now() - started));
  });
}

/** Resident memory of a process in bytes (Linux /proc), or null where that is not available. */
export function residentBytes(pid: number): number | null {
  try {
    const match = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Time from spawning `ree-watch start` (no configuration: console adapter, default watchlists) to
 * the first 200 from /healthz; with `settleMs`, also its resident memory once it has sat idle that long.
 */
async function timeStartToHealthy(
  args: string[] = [BIN],
  settleMs = 0,
): Promise<{ ms: number; rss: number | null }> {
  const dir = mkdtempSync(join(tmpdir(), 'ree-bench-start-'));
  const started = performance.now();
  const child = spawn(process.execPath, [...args, 'start'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_PATH: join(dir, 'ree.db'),
      LOG_LEVEL: 'info',
      // A new install polls at once; its sources here are a loopback port nothing listens on.
      ...Object.fromEntries(SOURCE_URL_KEYS.map((key) => [key, 'http://127.0.0.1:9'])),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  try {
    let stderr = '';
    const port = await new Promise<number>((resolve, reject) => {
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        const match = /"port":(\d+)/.exec(stderr);
        if (match) resolve(Number(match[1]));
      });
      child.once('exit', () => reject(new Error(`ree-watch exited before listening:\n${stderr}`)));
    });
    for (;;) {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => undefined);
      if (response?.status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const ms = performance.now() - started;
    if (settleMs > 0) await new Promise((resolve) => setTimeout(resolve, settleMs));
    return { ms, rss: settleMs > 0 && child.pid ? residentBytes(child.pid) : null };
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * start-up: `ree-watch start` to /healthz 200 (median of `runs`), against `node -e ""` started as
 * often; also the idle memory of that service, and, for comparison, starting without the build.
 */
export async function benchStartup(runs: number): Promise<{ result: BenchResult; idleRss: number | null }> {
  const built = freshBuildEntry(ROOT) !== undefined;
  await timeStartToHealthy(); // the first start creates caches a second start finds (OS file cache)
  const service: number[] = [];
  const empty: number[] = [];
  for (let index = 0; index < runs; index++) {
    empty.push(await timeNodeEmpty());
    service.push((await timeStartToHealthy()).ms);
  }
  const { rss } = await timeStartToHealthy([BIN], 2_000);
  const fallback: number[] = [];
  for (let index = 0; index < Math.min(3, runs); index++)
    fallback.push((await timeStartToHealthy(TSX_FALLBACK)).ms);
  const measured = median(service);
  const baseline = median(empty);
  return {
    idleRss: rss,
    result: {
      name: 'start-up',
      workload: `ree-watch start → /healthz 200, median of ${runs} (${built ? 'the build made at install' : 'NO fresh build: tsx'})`,
      measured: `${formatMs(measured)} (without the build, through tsx: ${formatMs(median(fallback))})`,
      baseline: `${formatMs(baseline)} (node -e "")`,
      ratio: baseline / measured,
      target: '< 1000 ms absolute; ratio reported',
      pass: measured < 1000,
      details: {
        startupMs: Math.round(measured),
        nodeEmptyMs: Math.round(baseline),
        tsxFallbackMs: Math.round(median(fallback)),
        build: built ? 'dist' : 'tsx',
      },
    },
  };
}

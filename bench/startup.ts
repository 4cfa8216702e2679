import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './report.js';

const BIN = fileURLToPath(new URL('../bin/ree-watch.js', import.meta.url));

function timeNodeEmpty(): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['-e', '']);
    child.once('error', reject);
    child.once('exit', () => resolve(performance.now() - started));
  });
}

/** Time from spawning `ree-watch start` to the first 200 from /healthz. */
async function timeStartToHealthy(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'ree-bench-start-'));
  const started = performance.now();
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_PATH: join(dir, 'ree.db'),
      LOG_LEVEL: 'info',
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
      if (response?.status === 200) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  } finally {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN;

export async function benchStartup(runs: number): Promise<BenchResult> {
  await timeStartToHealthy(); // warm the transpile cache, as any second start would be
  const service: number[] = [];
  const empty: number[] = [];
  for (let index = 0; index < runs; index++) {
    empty.push(await timeNodeEmpty());
    service.push(await timeStartToHealthy());
  }
  const measured = median(service);
  const baseline = median(empty);
  return {
    name: 'start-up',
    workload: `ree-watch start → /healthz 200, median of ${runs}`,
    measured: `${measured.toFixed(0)} ms`,
    baseline: `${baseline.toFixed(0)} ms (node -e "")`,
    ratio: baseline / measured,
    target: '< 1000 ms absolute',
    pass: measured < 1000,
    details: { startupMs: Math.round(measured), nodeEmptyMs: Math.round(baseline) },
  };
}

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchChild, type ChildMessage } from './lib/child.js';
import { formatMs } from './lib/stats.js';
import type { BenchResult } from './report.js';

interface Queried extends ChildMessage {
  runs: number;
  commandP50: number;
  commandP99: number;
  sqlP50: number;
  sqlP99: number;
  series: number;
  shownObservations: number;
  notices: number;
}

/** query: `/ree india` through the registry, `runs` times, on `observations` rows and `notices` notices. */
export async function benchQuery(
  observations: number,
  notices: number,
  runs: number,
  postgresUrl?: string,
): Promise<BenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'ree-bench-query-'));
  const child = BenchChild.bundled('query', {
    OBSERVATIONS: String(observations),
    NOTICES: String(notices),
    RUNS: String(runs),
    ...(postgresUrl ? { DATABASE_URL: postgresUrl } : { DATABASE_PATH: join(dir, 'ree.db') }),
    WATCHLISTS_FILE: fileURLToPath(new URL('../config/watchlists.yaml', import.meta.url)),
    LOG_LEVEL: 'info',
  });
  try {
    const result = await child.next<Queried>('queried');
    const scale = (n: number) => (n >= 1e6 ? `${n / 1e6} M` : `${n / 1e3} k`);
    return {
      name: postgresUrl ? 'query (PostgreSQL)' : 'query',
      workload: `/ree india via the registry ×${runs} (${scale(observations)} observations, ${scale(notices)} notices; ${result.series} India series, 6 shown)`,
      measured: `p50 ${formatMs(result.commandP50)}, p99 ${formatMs(result.commandP99)}`,
      baseline: `p50 ${formatMs(result.sqlP50)}, p99 ${formatMs(result.sqlP99)} (one SQL statement)`,
      ratio: result.sqlP50 / result.commandP50,
      target: 'p99 < 50 ms; ratio (p50) reported',
      pass: result.commandP99 < 50,
      details: {
        commandP50Ms: round(result.commandP50),
        commandP99Ms: round(result.commandP99),
        sqlP50Ms: round(result.sqlP50),
        sqlP99Ms: round(result.sqlP99),
        p99Ratio: round(result.sqlP99 / result.commandP99),
      },
    };
  } finally {
    await child.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

const round = (value: number): number => Number(value.toFixed(3));

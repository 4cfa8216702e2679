/**
 * `npm run chaos`: runs the fault and hostile-input suite (tests/chaos/*.chaos.ts) against real
 * processes on loopback, then prints one table of what was measured and greps every byte the processes
 * printed for the fake secrets they were given. Exits non-zero if a test failed, a figure is off, or a
 * secret leaked. CHAOS_SEED picks the kill moments and fuzz inputs (printed, so a run can be repeated).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Counters, FigureRow } from './helpers/chaos.js';
import { leakedSecrets } from './helpers/chaos.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const out = process.env.CHAOS_OUT ?? mkdtempSync(join(tmpdir(), 'ree-watch-chaos-'));
const seed = process.env.CHAOS_SEED ?? String(11);
const started = Date.now();

const report = join(out, 'vitest.json');
const vitest = spawnSync(
  process.execPath,
  [
    join(root, 'node_modules/vitest/vitest.mjs'),
    'run',
    '--config',
    'tests/chaos/vitest.config.ts',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
  ],
  { cwd: root, stdio: 'inherit', env: { ...process.env, CHAOS_OUT: out, CHAOS_SEED: seed } },
);
const seconds = Math.round((Date.now() - started) / 1000);

const figures = readJsonFiles<{ name: string; rows: FigureRow[]; counters: Counters }>(join(out, 'figures'));
const rows = figures.flatMap((figure) => figure.rows);
const counters = figures.reduce(
  (sum, figure) => ({
    hostileTried: sum.hostileTried + (figure.counters.hostileTried ?? 0),
    hostileRefused: sum.hostileRefused + (figure.counters.hostileRefused ?? 0),
  }),
  { hostileTried: 0, hostileRefused: 0 },
);

// Every byte every process printed, whichever test started it.
const logs = existsSync(join(out, 'logs')) ? readdirSync(join(out, 'logs')) : [];
const leaks = logs.flatMap((file) =>
  leakedSecrets(readFileSync(join(out, 'logs', file), 'utf8')).map((secret) => `${secret} in ${file}`),
);
rows.push({
  fault: 'secrets',
  measure: `secrets leaked (every line of ${logs.length} process logs, trace level)`,
  result: String(leaks.length),
  expected: '0',
  ok: leaks.length === 0,
});
if (counters.hostileTried > 0)
  rows.push({
    fault: 'hostile input',
    measure: 'hostile requests tried / refused (all hostile-input checks)',
    result: `${counters.hostileTried} / ${counters.hostileRefused}`,
    expected: `${counters.hostileTried} / ${counters.hostileTried}`,
    ok: counters.hostileTried === counters.hostileRefused,
  });

const table = [
  '| fault | measure | result | expected | ok |',
  '| --- | --- | --- | --- | --- |',
  ...rows.map(
    (row) =>
      `| ${[row.fault, row.measure, row.result, row.expected, row.ok ? 'yes' : 'NO'].map(cell).join(' | ')} |`,
  ),
].join('\n');
writeFileSync(join(out, 'table.md'), `${table}\n`);

const failed = vitest.status !== 0 || rows.some((row) => !row.ok) || rows.length === 0;
process.stdout.write(
  `\nree-watch chaos: seed ${seed}, ${seconds} s, ${figures.length} fault groups, logs in ${out}\n\n${table}\n\n` +
    `${failed ? 'FAILED' : 'all figures as expected'}\n`,
);
for (const leak of leaks) process.stdout.write(`leak: ${leak}\n`);
// Repeated last, where a CI log's tail shows it: which figure is off and which test failed, and why.
for (const row of rows.filter((row) => !row.ok))
  process.stdout.write(`off: ${row.fault}: ${row.measure}: ${row.result} (expected ${row.expected})\n`);
if (vitest.status !== 0)
  for (const failure of failedTests(report)) process.stdout.write(`failed: ${failure}\n`);
process.exitCode = failed ? 1 : 0;

function readJsonFiles<T>(dir: string): T[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.json'))
    .sort()
    .map((file) => JSON.parse(readFileSync(join(dir, file), 'utf8')) as T);
}

/** Each failed test of vitest's JSON report as "file › test: first line of the error". */
function failedTests(path: string): string[] {
  if (!existsSync(path)) return [`no test report at ${path}`];
  const report = JSON.parse(readFileSync(path, 'utf8')) as {
    testResults?: {
      name: string;
      status: string;
      message?: string;
      assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[];
    }[];
  };
  return (report.testResults ?? []).flatMap((file) => {
    const name = file.name.replace(root, '');
    const tests = (file.assertionResults ?? [])
      .filter((test) => test.status === 'failed')
      .map((test) => `${name} › ${test.fullName}: ${summary(test.failureMessages?.[0])}`);
    if (tests.length === 0 && file.status === 'failed') return [`${name}: ${summary(file.message)}`];
    return tests;
  });
}

/** The error's first line, and the line of a chaos test it was thrown at. */
function summary(text: string | undefined): string {
  const lines = (text ?? '').split('\n');
  const first = lines.find((line) => line.trim() !== '') ?? 'no message';
  const at = lines.find((line) => line.includes('tests/chaos/'))?.match(/tests\/chaos\/[^\s)]+/)?.[0];
  return at ? `${first} (${at})` : first;
}

function cell(text: string): string {
  return text.replaceAll('|', '\\|').replaceAll('\n', ' ');
}

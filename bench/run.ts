import os from 'node:os';
import { parseArgs } from 'node:util';
import { type BenchResult, printTable, writeResults } from './report.js';
import { benchStartup } from './startup.js';
import { benchUpsert } from './upsert.js';

const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false } } });
const quick = values.quick ?? false;

const results: BenchResult[] = [];
results.push(await benchStartup(quick ? 3 : 10));
results.push(benchUpsert(quick ? 5 : 25));

process.stdout.write(`${printTable(results)}\n\n`);
const json = writeResults(results, {
  quick,
  node: process.version,
  cpus: os.cpus().length,
  cpuModel: os.cpus()[0]?.model ?? 'unknown',
  at: new Date().toISOString(),
});
process.stdout.write(`${json}\n`);
const missed = results.filter((result) => !result.pass).map((result) => result.name);
if (missed.length > 0) process.stdout.write(`targets missed: ${missed.join(', ')}\n`);

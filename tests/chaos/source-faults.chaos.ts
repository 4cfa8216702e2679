import { copyFileSync, existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { FixtureServer } from '../helpers/fixture-server.js';
import { openTestStorage } from '../helpers/storage.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { leakedSecrets, recordFigures, useProcesses } from './helpers/chaos.js';
import { dataChecksum } from './helpers/checksum.js';
import { SOURCE_FAULTS, type SourceFault } from './helpers/source-fault-corpus.js';
import { PATHS, SOURCE_WATCHLISTS, serveGoodSources, sourcesEnv } from './helpers/sources.js';

const tempDir = useTempDir();
const processes = useProcesses('source-faults');
const servers: FixtureServer[] = [];
afterAll(async () => {
  for (const server of servers) await server.close();
});

/** Runs `ree-watch poll` on a copy of the golden database with one source answering badly. */
async function runFault(fault: SourceFault, golden: string) {
  const server = await FixtureServer.start();
  servers.push(server);
  for (const [match, answer] of fault.routes) server.route(match, answer);
  serveGoodSources(server);
  const dir = tempDir();
  writeFileSync(join(dir, 'watchlists.yaml'), SOURCE_WATCHLISTS(`${server.url}${PATHS.feed}`));
  copyFileSync(golden, join(dir, 'ree.db'));
  const env = sourcesEnv(server, dir);
  const before = dataChecksum(env.DATABASE_PATH as string);
  const started = Date.now();
  const poll = processes.spawn(fault.source, ['poll', '--source', fault.source], env);
  const exit = await poll.exited;
  const healthKey = fault.source === 'rss' ? `rss:${new URL(server.url).host}` : fault.source;
  const db = new Database(env.DATABASE_PATH as string, { readonly: true });
  const health = db
    .prepare('SELECT healthy, last_error FROM source_health WHERE source = ?')
    .get(healthKey) as { healthy: number; last_error: string } | undefined;
  db.close();
  const failedLines = poll.stdout.split('\n').filter((line) => line.includes(': FAILED: '));
  const result = {
    fault,
    exit: exit.code,
    seconds: Math.round((Date.now() - started) / 1000),
    failedLines,
    health,
    identical: dataChecksum(env.DATABASE_PATH as string) === before,
    stdout: poll.stdout,
    stderr: poll.stderr,
  };
  const problems: string[] = [];
  if (result.exit !== 1) problems.push(`exit ${result.exit}`);
  if (failedLines.length === 0 || !failedLines.every((line) => fault.error.test(line)))
    problems.push(`FAILED line: ${JSON.stringify(failedLines)}`);
  // One readable line: no control characters (terminal escapes, bells, bidi overrides) from the answer.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: that is exactly what must not appear
  if (/[\u0000-\u0009\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(poll.stdout))
    problems.push('control characters on stdout');
  if (health?.healthy !== 0 || !fault.error.test(health.last_error))
    problems.push(`source_health ${JSON.stringify(health)}`);
  if (!result.identical) problems.push('stored data changed');
  return { ...result, problems };
}

describe('source faults: every bad answer is a clear SourceError, nothing stored, nothing alerted', () => {
  it(`handles a corpus of ${SOURCE_FAULTS.length} bad answers through the real ree-watch poll`, async () => {
    expect(SOURCE_FAULTS.length).toBeGreaterThanOrEqual(20);
    // The golden database: one good poll of every source, a console channel subscribed to everything.
    const goldenServer = await FixtureServer.start();
    servers.push(goldenServer);
    serveGoodSources(goldenServer);
    const goldenDir = tempDir();
    writeFileSync(join(goldenDir, 'watchlists.yaml'), SOURCE_WATCHLISTS(`${goldenServer.url}${PATHS.feed}`));
    const goldenEnv = sourcesEnv(goldenServer, goldenDir);
    const db = await openTestStorage({ path: goldenEnv.DATABASE_PATH as string });
    await db.subscriptions.subscribe(
      { platform: 'console', channel: 'console' },
      [
        'china-india-magnets',
        'us-gasoline-to-canada',
        'us-critical-minerals-rules',
        'china-export-controls',
        'india-dgft-notices',
        'magnet-news',
      ],
      'U0OPS',
      Date.now(),
    );
    await db.close();
    const golden = processes.spawn('golden', ['poll'], goldenEnv);
    expect((await golden.exited).code, golden.stdout + golden.stderr).toBe(0);
    expect(existsSync(`${goldenEnv.DATABASE_PATH}-wal`)).toBe(false);
    const counts = new Database(goldenEnv.DATABASE_PATH as string, { readonly: true });
    const stored = counts
      .prepare(
        'SELECT (SELECT COUNT(*) FROM observations) AS observations, (SELECT COUNT(*) FROM notices) AS notices',
      )
      .get();
    counts.close();
    expect(stored).toMatchObject({ observations: expect.any(Number), notices: expect.any(Number) });

    // Four at a time: most fail in a second; retries, resets and the slow loris take longer.
    const queue = [...SOURCE_FAULTS].sort(
      (a, b) => (b.name.includes('slow-loris') ? 1 : 0) - (a.name.includes('slow-loris') ? 1 : 0),
    );
    const results: Awaited<ReturnType<typeof runFault>>[] = [];
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let fault = queue.shift(); fault; fault = queue.shift())
          results.push(await runFault(fault, goldenEnv.DATABASE_PATH as string));
      }),
    );
    const handled = results.filter((result) => result.problems.length === 0);
    const leaks = processes.all().flatMap(({ process }) => leakedSecrets(process.stdout + process.stderr));

    recordFigures(
      'source-faults',
      [
        {
          fault: 'source faults',
          measure:
            'malformed answers tried / handled (SourceError, unhealthy, data byte-identical, no alert)',
          result: `${results.length} / ${handled.length} (${[...new Set(results.map((r) => r.fault.source))].join(', ')}; slowest ${Math.max(...results.map((r) => r.seconds))} s)`,
          expected: `${SOURCE_FAULTS.length} / ${SOURCE_FAULTS.length}`,
          ok: handled.length === SOURCE_FAULTS.length,
        },
        ...results
          .filter((result) => result.problems.length > 0)
          .map((result) => ({
            fault: 'source faults',
            measure: result.fault.name,
            result: result.problems.join('; ').slice(0, 200),
            expected: 'handled',
            ok: false,
          })),
      ],
      { malformedTried: results.length, malformedHandled: handled.length },
    );

    expect(
      results
        .filter((r) => r.problems.length > 0)
        .map((r) => ({ fault: r.fault.name, problems: r.problems, stdout: r.stdout.slice(0, 2000) })),
    ).toEqual([]);
    expect(leaks).toEqual([]);
  }, 240_000);
});

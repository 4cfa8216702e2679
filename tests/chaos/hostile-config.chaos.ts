import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG_KEYS, type ConfigKey } from '../../src/config.js';
import { runCli } from '../helpers/capture.js';
import { useTempDir } from '../helpers/temp-dir.js';
import { CHAOS_SEED, type FigureRow, leakedSecrets, recordFigures, useProcesses } from './helpers/chaos.js';
import { MAGNET_WATCHLIST } from './helpers/scenario.js';

const tempDir = useTempDir();
const processes = useProcesses('hostile-config');
const rows: FigureRow[] = [];
let tried = 0;
let refused = 0;
afterAll(() => recordFigures('hostile-config', rows, { hostileTried: tried, hostileRefused: refused }));

/** Values that break parsers and terminals, tried in every key. */
const NASTY = [
  'abc',
  '-1',
  '99999999999999999999',
  '1e309',
  'NaN',
  '0x1F',
  'true false',
  'line\nbreak',
  '\u001b[31mred\u001b[0m',
  '\u202Eevil',
  '\u0000',
  '"quoted"',
  // biome-ignore lint/suspicious/noTemplateCurlyInString: a shell variable is what is pasted
  '${HOME}',
  '$(rm -rf /)',
  'x'.repeat(10_000),
  'ftp://example.com/',
  'javascript:alert(1)',
  '🧲🧲🧲',
];

/** What check-config must print for anything it refuses: readable lines, no stack trace, no escapes. */
function unreadable(stderr: string): string | undefined {
  const lines = stderr.trimEnd().split('\n');
  if (stderr.trim() === '') return 'nothing on stderr';
  if (/\n\s+at .+\(.*:\d+:\d+\)/.test(stderr)) return 'a stack trace';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: that is what must not reach a terminal
  if (/[\u0000-\u0009\u000b-\u001f\u007f\u202a-\u202e\u2066-\u2069]/.test(stderr))
    return 'control characters';
  const long = lines.find((line) => line.length > 400);
  return long ? `a ${long.length}-character line` : undefined;
}

describe('hostile configuration: every bad value is one readable line and exit 2', () => {
  it('environment keys: every nasty and random value that a key does not accept', async () => {
    const random = fc.sample(fc.oneof(fc.string(), fc.string({ unit: 'binary' })), {
      numRuns: 6,
      seed: CHAOS_SEED,
    });
    const problems: string[] = [];
    let cases = 0;
    for (const key of Object.keys(CONFIG_KEYS) as ConfigKey[]) {
      const spec = CONFIG_KEYS[key];
      for (const value of [...NASTY, ...random]) {
        const trimmed = value.trim();
        // Only values the key refuses: an empty value means "unset", and some keys take any text.
        if (trimmed === '' || spec.schema.safeParse(trimmed).success) continue;
        cases++;
        const result = await runCli(['check-config'], { [key]: value });
        const lines = result.stderr.trimEnd().split('\n');
        const problem =
          result.code !== 2
            ? `exit ${result.code}`
            : !lines.some((line) => line.startsWith(`${key}: `))
              ? `no line naming ${key}: ${JSON.stringify(result.stderr.slice(0, 200))}`
              : unreadable(result.stderr);
        if (problem) problems.push(`${key}=${JSON.stringify(value.slice(0, 30))}: ${problem}`);
      }
    }
    tried += cases;
    refused += cases - problems.length;
    rows.push({
      fault: 'hostile input',
      measure: `.env / environment fuzzing (${Object.keys(CONFIG_KEYS).length} keys × nasty and seeded random values)`,
      result: `${cases - problems.length}/${cases} one readable line naming the key, exit 2`,
      expected: `${cases}/${cases}`,
      ok: problems.length === 0,
    });
    expect(cases).toBeGreaterThan(150);
    expect(problems).toEqual([]);
  }, 120_000);

  it('watchlists YAML: broken syntax, wrong types and absurd values, and seeded random mutations', async () => {
    const dir = tempDir();
    const structured = [
      'percent: -5',
      'percent: "twenty"',
      'percent: 1e309',
      'reporter: XX',
      'reporter: [CN]',
      'partner: Narnia',
      'flow: sideways',
      'hs: [850511]',
      'hs: []',
      'kind: weather',
      'source: evil.example',
      'id: "has spaces"',
      'id: "<!channel>"',
      'title: "\u001b[31mred"',
      'type: drop',
      'compare: next-month',
    ];
    // Each structured case replaces the first line containing its key with a bad value.
    const bad = structured
      .map((line) => {
        const key = line.split(':')[0] ?? '';
        return MAGNET_WATCHLIST.replace(new RegExp(`${key}: [^,}\\n]+`), line);
      })
      .filter((yaml) => yaml !== MAGNET_WATCHLIST);
    bad.push(
      '- [unclosed',
      '{ not: a list }',
      '- id: a\n  id: b',
      '- *undefined_alias',
      `${MAGNET_WATCHLIST}${MAGNET_WATCHLIST}`,
      '\u0000\u0001binary',
      // A "billion laughs": aliases that would expand to millions of nodes.
      `a: &a ["x","x","x","x","x","x","x","x","x"]\n${Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(',')}]`,
      ).join('\n')}`,
      `- ${'['.repeat(5_000)}`,
    );
    // Seeded mutations of a good file: a byte dropped, replaced or inserted somewhere.
    const mutations = fc.sample(
      fc.tuple(
        fc.nat({ max: MAGNET_WATCHLIST.length - 1 }),
        fc.constantFrom('', ':', '-', '[', '"', '\t', '\n  ', '#'),
      ),
      { numRuns: 40, seed: CHAOS_SEED },
    );
    const mutated = mutations.map(
      ([at, insert]) => MAGNET_WATCHLIST.slice(0, at) + insert + MAGNET_WATCHLIST.slice(at + 1),
    );
    const problems: string[] = [];
    let refusedHere = 0;
    const all = [
      ...bad.map((yaml) => ({ yaml, mustRefuse: true })),
      ...mutated.map((yaml) => ({ yaml, mustRefuse: false })),
    ];
    for (const [index, { yaml, mustRefuse }] of all.entries()) {
      const file = join(dir, `w-${index}.yaml`);
      writeFileSync(file, yaml);
      const result = await runCli(['check-config'], { WATCHLISTS_FILE: file });
      // A mutation can leave a valid file (a changed title); it must then be accepted, quietly.
      if (result.code === 0 && !mustRefuse) continue;
      const problem =
        result.code !== 2
          ? `exit ${result.code}`
          : !result.stderr.startsWith(`${file}:`)
            ? `does not name the file: ${JSON.stringify(result.stderr.slice(0, 120))}`
            : unreadable(result.stderr);
      if (problem) problems.push(`${JSON.stringify(yaml.slice(0, 60))}: ${problem}`);
      else refusedHere++;
    }
    const refusedCases = problems.length + refusedHere;
    tried += refusedCases;
    refused += refusedHere;
    rows.push({
      fault: 'hostile input',
      measure: `watchlists YAML fuzzing (${bad.length} bad files, ${mutated.length} seeded mutations)`,
      result: `${refusedHere}/${refusedCases} refused with readable lines naming the file, exit 2 (${all.length - refusedCases} mutations still valid, accepted)`,
      expected: `${refusedCases}/${refusedCases}`,
      ok: problems.length === 0,
    });
    expect(problems).toEqual([]);
  }, 120_000);

  it('a .env file read by a real process: garbage lines ignored, bad values one line, exit 2', async () => {
    const cases = [
      'PORT=abc',
      'LOG_LEVEL=\u001b[31mloud',
      `SLACK_BOT_TOKEN=xoxp-${'9'.repeat(30)}\nSLACK_SIGNING_SECRET=short`,
      `DATABASE_PATH=./ree.db\n${'garbage without equals\n'.repeat(50)}PORT=-1`,
      'POLL_CRON="every tuesday"',
    ];
    const runs = cases.map((content) => {
      const cwd = tempDir();
      writeFileSync(join(cwd, '.env'), content);
      return processes.spawn('dotenv', ['check-config'], {}, { cwd });
    });
    const results = await Promise.all(runs.map(async (run) => ({ run, exit: await run.exited })));
    const problems = results.flatMap(({ run, exit }, index) => {
      const problem = exit.code !== 2 ? `exit ${exit.code}` : unreadable(run.stderr);
      const leaks = leakedSecrets(run.stdout + run.stderr);
      return problem || leaks.length > 0 || run.stderr.includes('9'.repeat(30))
        ? [`${JSON.stringify(cases[index]?.slice(0, 30))}: ${problem ?? 'secret shown'}`]
        : [];
    });
    tried += cases.length;
    refused += cases.length - problems.length;
    rows.push({
      fault: 'hostile input',
      measure: '.env files read by real processes',
      result: `${cases.length - problems.length}/${cases.length} one readable line per bad value, exit 2`,
      expected: `${cases.length}/${cases.length}`,
      ok: problems.length === 0,
    });
    expect(problems).toEqual([]);
  }, 60_000);
});

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ServiceProcess } from '../helpers/service-process.js';
import { useTempDir } from '../helpers/temp-dir.js';

const tempDir = useTempDir();

const running: ServiceProcess[] = [];
afterEach(() => {
  for (const demo of running.splice(0)) demo.kill('SIGKILL');
});

/** The output of one replay step: from its `━━ <date>` rule to the next rule or the footer. */
function step(output: string, date: string): string {
  const start = output.indexOf(`━━ ${date} `);
  expect(start, `no replay step dated ${date}`).toBeGreaterThanOrEqual(0);
  const rest = output.slice(start + 3);
  const end = rest.search(/^(━━ |About the data)/m);
  return end < 0 ? rest : rest.slice(0, end);
}

/** What differs between runs: the port, the temporary folder, the timings. */
const stable = (text: string) =>
  text
    .replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT')
    .replace(/ree-watch-demo-\w+/g, 'ree-watch-demo-TMP')
    .replace(/\(\d+\.\d s\)/g, '(N s)');

/** The demo output pasted in the README's "Try it in one minute", without npm's header and the "[…]" cuts. */
function readmeExcerpt(): string[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const block = /```text\n(> ree-watch@[^\n]*\n[\s\S]*?)```/.exec(readme)?.[1] ?? '';
  return block
    .split('\n')
    .filter((line) => !line.startsWith('> ') && !line.startsWith('[…') && line.trim() !== '')
    .map(stable);
}

describe('ree-watch demo (a real process, commands piped on stdin)', () => {
  // A real process: well under 10 s alone, but the suite runs on two busy cores.
  it('replays 2025 offline: one entry per series, notices by source, the rebound and the recoveries; answers /ree india; exits 0', {
    timeout: 60_000,
  }, async () => {
    const tmp = tempDir();
    const demo = ServiceProcess.spawn(['demo'], { LOG_LEVEL: 'warn', TMPDIR: tmp });
    running.push(demo);
    demo.child.stdin.end('/ree india\n/ree status\n/ree chart china-india-magnets\n');

    const { code } = await demo.exited;

    expect(code, demo.stderr).toBe(0);
    expect(demo.stderr).toBe('');
    // The temporary folder is the test's own (TMPDIR), shown as the README shows it.
    const out = demo.stdout.replaceAll(tmp, '/tmp');
    // A progress line per source, then what the channel was told.
    const first = step(out, '2025-04-21');
    expect(first).toMatch(/^ {2}comtrade {10}6 series: 72 new months, latest 2025-03 \(\d+\.\d s\)$/m);
    expect(first).toMatch(/^ {2}mofcom {12}2 notices listed, 2 new /m);
    expect(first).toContain(
      'Rare-earth watch: 2 new China MOFCOM notices · 1 new US Federal Register notice\n\nChina MOFCOM: 2 new notices\n  • 商务部 海关总署公告2025年第18号 公布对部分中重稀土相关物项实施出口管制的决定',
    );
    expect(first).toContain('US Federal Register: 1 new notice');
    const april = step(out, '2025-05-20');
    expect(april).toContain('── #console ──\nRare-earth watch: 4 series fell\n');
    // One entry per series: the strongest signal, then every comparison in one line.
    expect(april).toContain(
      [
        "▼ China → India rare-earth magnet exports fell to 198 t in April 2025, -52% on March's 412 t",
        '  -52% m/m (412 t) ▼ · -46% y/y (365 t) ▼ · -53% vs 6-month average (420 t) ▼',
      ].join('\n'),
    );
    expect(april.match(/^▼ /gm)).toHaveLength(4);
    const june = step(out, '2025-07-21');
    expect(june).toContain('Rare-earth watch: 2 series rose, 1 recovered\n');
    expect(june).toContain(
      [
        "▲ China → United States rare-earth magnet exports rebounded to 353 t in June 2025, +667% on May's 46 t",
        '  +667% m/m (46 t) ▲ · still -44% y/y (625 t) ▼; back above the -25% monthly-drop threshold',
      ].join('\n'),
    );
    expect(june).toMatch(/^✓ China → Japan rare-earth magnet exports rebounded to 142 t in June 2025/m);
    // India's monthly drop going quiet while its y/y and average drops hold is not news.
    expect(june).not.toContain('China → India');
    // July: a rise that ended (Japan +42%) is not news either.
    expect(step(out, '2025-08-20')).not.toContain('China → Japan');
    expect(step(out, '2025-10-20')).toContain(
      '商务部公告2025年第61号 公布对境外相关稀土物项实施出口管制的决定',
    );
    // The demo clock, not today's date, decides what is stale.
    expect(out).not.toContain('No new figure for');
    // The footer says what is published and what is illustrative.
    expect(out).toContain('China → India magnets: every month; Apr–Sep 2025 is 56 % below Apr–Sep 2024');
    expect(out).toContain('"India’s imports down 58 % from January"');

    const answer = out.slice(out.indexOf('End with Ctrl-D.'));
    expect(answer).toContain('India (IN): rare-earth trade and notices');
    expect(answer).toContain('September 2025: 174 t');
    expect(answer).toContain('vs August 2025 (168 t): +3.6% · vs September 2024 (398 t): -56%');
    expect(answer).toContain(
      '▼ China → India rare-earth magnet exports fell 56% year on year in September 2025',
    );

    // The service's uptime is the seconds the demo ran, not the months the replay covered.
    expect(answer).toMatch(/^ree-watch \S+, up (\d+m )?\d+s \(since 2025-10-2\d \d\d:\d\d UTC\)$/m);

    // The README shows real output: each of its lines, in order, is in this run's output.
    const lines = stable(out).split('\n');
    let at = 0;
    for (const line of readmeExcerpt()) {
      const found = lines.indexOf(line, at);
      expect(found, `README line not printed by the demo (in this order): ${line}`).toBeGreaterThanOrEqual(0);
      at = found + 1;
    }
    expect(readmeExcerpt().length).toBeGreaterThan(30);

    const database = /Database: (\S+) \(deleted at exit\)/.exec(demo.stdout)?.[1] ?? '';
    expect(database).not.toBe('');
    expect(existsSync(dirname(database))).toBe(false);
    // The chart it saved was there to open while the demo ran, and went with it: nothing is left behind.
    const chart = /^Chart: (\S+\.png) — /m.exec(demo.stdout)?.[1] ?? '';
    expect(chart.startsWith(join(dirname(database), 'charts'))).toBe(true);
    expect(demo.stdout).toContain(
      `Charts: ${join(dirname(database), 'charts')} (what /ree chart saves; deleted at exit too)`,
    );
    // (tsx's compile cache, when the sources run unbundled, is not the demo's.)
    expect(readdirSync(tmp).filter((name) => !name.startsWith('tsx-'))).toEqual([]);
  });
});

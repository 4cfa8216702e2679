import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach } from 'vitest';
import { ServiceProcess, type SpawnOptions } from '../../helpers/service-process.js';

/**
 * Fake but realistic-looking secrets. Every process the chaos suite starts gets the ones it can use,
 * runs at LOG_LEVEL=trace, and all of its output is kept so the runner can grep it for these.
 */
export const FAKE_SECRETS = {
  SLACK_BOT_TOKEN: 'xoxb-4815162342-chaos-bot-9f8e7d6c5b4a',
  SLACK_SIGNING_SECRET: 'chaos-signing-secret-2718281828459045',
  SLACK_APP_TOKEN: 'xapp-1-A0CHAOS-1618033988-app-token-7c1d',
  DISCORD_TOKEN: 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.chaos1.discord-token-1414213562373',
  COMTRADE_API_KEY: 'comtradekey1732050807568877',
  CENSUS_API_KEY: 'censuskey2236067977499789',
} as const;

/** What would count as a secret appearing in output: the value, its URL or JSON encoding, or its tail. */
export function leakedSecrets(text: string): string[] {
  const leaks: string[] = [];
  for (const [name, secret] of Object.entries(FAKE_SECRETS)) {
    const forms = [
      secret,
      encodeURIComponent(secret),
      JSON.stringify(secret).slice(1, -1),
      secret.slice(-12),
    ];
    if (forms.some((form) => text.includes(form))) leaks.push(name);
  }
  return leaks;
}

/** Where figures and process logs go: the runner's folder, or a temporary one when run directly. */
export const CHAOS_OUT = process.env.CHAOS_OUT ?? mkdtempSync(join(tmpdir(), 'ree-watch-chaos-'));

/** The seed of every random choice (kill moments, fuzz inputs); the runner prints it. */
export const CHAOS_SEED = Number(process.env.CHAOS_SEED ?? 11);

/** A small seeded PRNG (mulberry32): the same seed gives the same kill moments and inputs. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One line of the chaos table. */
export interface FigureRow {
  fault: string;
  measure: string;
  result: string;
  expected: string;
  ok: boolean;
}

export interface Counters {
  hostileTried?: number;
  hostileRefused?: number;
  malformedTried?: number;
  malformedHandled?: number;
}

/** Saves one test's figures for the table the runner prints. */
export function recordFigures(name: string, rows: FigureRow[], counters: Counters = {}): void {
  const dir = join(CHAOS_OUT, 'figures');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({ name, rows, counters }, null, 2));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `read` until it returns a value (not undefined/false), or fails after `timeoutMs` naming `what`. */
export async function waitUntil<T>(
  read: () => T | undefined | false | Promise<T | undefined | false>,
  what: string,
  timeoutMs: number,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}

/**
 * Starts real `ree-watch` processes for one test file, keeps every byte they print, and writes it to
 * the runner's log folder when the file ends. Processes still running after a test are killed.
 */
export function useProcesses(file: string): {
  spawn(label: string, args: string[], env: Record<string, string>, options?: SpawnOptions): ServiceProcess;
  all(): { label: string; process: ServiceProcess }[];
} {
  const started: { label: string; process: ServiceProcess }[] = [];
  afterEach(async () => {
    for (const { process } of started) {
      if (process.child.exitCode === null && process.child.signalCode === null) {
        process.kill('SIGKILL');
        await process.exited;
      }
    }
  });
  afterAll(() => {
    const dir = join(CHAOS_OUT, 'logs');
    mkdirSync(dir, { recursive: true });
    started.forEach(({ label, process }, index) => {
      writeFileSync(
        join(dir, `${file}-${String(index).padStart(3, '0')}-${label.replace(/[^\w-]+/g, '_')}.log`),
        `--- stdout ---\n${process.stdout}\n--- stderr ---\n${process.stderr}\n`,
      );
    });
  });
  return {
    spawn(label, args, env, options) {
      const child = ServiceProcess.spawn(args, { LOG_LEVEL: 'trace', ...env }, options);
      started.push({ label, process: child });
      return child;
    },
    all: () => started,
  };
}

import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** At the project root's depth, so `new URL('../package.json', import.meta.url)` in src still finds the root. */
const BUILD_DIR = `${ROOT}.bench-build`;

/** One message between the bench and a child process. */
export interface ChildMessage {
  type: string;
  [field: string]: unknown;
}

/**
 * Children that measure ree-watch itself (its memory, its speed) run as one esbuild bundle under
 * plain node, as `npm start` runs the built service: under tsx the loader alone adds ~40 MB RSS.
 */
export async function buildChildren(names: readonly string[]): Promise<void> {
  const { build } = await import('esbuild');
  mkdirSync(BUILD_DIR, { recursive: true });
  await build({
    entryPoints: names.map((name) => `${ROOT}bench/children/${name}.ts`),
    outdir: BUILD_DIR,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    // As in dist/: what the service loads lazily stays lazy (Slack, Discord, the source parsers).
    splitting: true,
    chunkNames: '[name]-[hash]',
    logLevel: 'warning',
  });
}

let profileDir: string | undefined;

/** `--profile`: bundled children write V8 CPU profiles (open in Chrome DevTools) into `dir`. */
export function profileChildrenInto(dir: string): void {
  mkdirSync(dir, { recursive: true });
  profileDir = dir;
}

/** A child process spoken to over IPC: requests go in, typed replies come back. */
export class BenchChild {
  private readonly inbox: ChildMessage[] = [];
  private waiters: (() => void)[] = [];
  private exitError: Error | undefined;

  private constructor(
    readonly process: ChildProcess,
    private readonly logDir: string,
  ) {
    process.on('message', (message) => {
      this.inbox.push(message as ChildMessage);
      this.wake();
    });
    process.once('exit', (code, signal) => {
      this.exitError = new Error(
        `child ${process.spawnargs.at(-1)} exited (${signal ?? code}) before answering\n${this.stderr}`,
      );
      this.wake();
    });
  }

  /**
   * The end of what the child wrote to stderr (its log). It goes to a file, as a service's log would,
   * not a pipe: a busy bench process draining a pipe slowly would stall the child's synchronous logging.
   */
  get stderr(): string {
    try {
      return readFileSync(join(this.logDir, 'stderr.log'), 'utf8').slice(-20_000);
    } catch {
      return '';
    }
  }

  /** A bundled child (see `buildChildren`) under plain node. */
  static bundled(name: string, env: Record<string, string>): BenchChild {
    const profile = profileDir
      ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`]
      : [];
    return BenchChild.spawn([...profile, `${BUILD_DIR}/${name}.js`], env);
  }

  /** A helper child (fixture servers, chat fakes) run from TypeScript through tsx. */
  static tsx(name: string, env: Record<string, string> = {}): BenchChild {
    return BenchChild.spawn(['--import', 'tsx', `${ROOT}bench/children/${name}.ts`], env);
  }

  private static spawn(args: string[], env: Record<string, string>): BenchChild {
    const logDir = mkdtempSync(join(tmpdir(), 'ree-bench-log-'));
    const log = openSync(join(logDir, 'stderr.log'), 'w');
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'ignore', log, 'ipc'],
    });
    closeSync(log);
    return new BenchChild(child, logDir);
  }

  get pid(): number {
    return this.process.pid ?? -1;
  }

  send(message: ChildMessage): void {
    this.process.send(message);
  }

  /** The next message of this type (earlier ones of other types stay queued). */
  async next<T extends ChildMessage>(type: string, timeoutMs = 600_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.inbox.findIndex((message) => message.type === type || message.type === 'error');
      if (index >= 0) {
        const [message] = this.inbox.splice(index, 1) as [ChildMessage];
        if (message.type === 'error')
          throw new Error(`child failed: ${String(message.message)}\n${this.stderr}`);
        return message as T;
      }
      if (this.exitError) throw this.exitError;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for "${type}" from the child\n${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1_000);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  request<T extends ChildMessage>(message: ChildMessage, replyType: string, timeoutMs?: number): Promise<T> {
    this.send(message);
    return this.next<T>(replyType, timeoutMs);
  }

  /** Asks the child to stop; kills it if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.process.exitCode === null && this.process.signalCode === null) {
      const exited = new Promise<void>((resolve) => this.process.once('exit', () => resolve()));
      if (this.process.connected) this.send({ type: 'stop' });
      const timer = setTimeout(() => this.process.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.logDir, { recursive: true, force: true });
  }

  private wake(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }
}

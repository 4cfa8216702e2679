import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { SOURCE_URL_KEYS } from '../../src/config.js';

const BIN = fileURLToPath(new URL('../../bin/ree-watch.js', import.meta.url));

export interface SpawnOptions {
  /** Working directory (where `.env` is read from); the test process's by default. */
  cwd?: string;
  /** Largest file the process may write, in KiB (RLIMIT_FSIZE). */
  fileSizeLimitKiB?: number;
}

/**
 * Every source's base URL at a loopback port nothing listens on. A started service polls at once, so a
 * process given no source URLs of its own gets these and never reaches the internet.
 */
export const UNREACHABLE_SOURCE_URLS: Readonly<Record<string, string>> = Object.fromEntries(
  SOURCE_URL_KEYS.map((key) => [key, 'http://127.0.0.1:9']),
);

/** `ree-watch` as a real child process, with helpers to wait for output and stop it. */
export class ServiceProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  private constructor(readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  /**
   * Starts `ree-watch <args>` with only the given environment (plus PATH, and unreachable source URLs
   * unless given), so the host's settings never leak in and no poll reaches the internet. `fileSizeLimitKiB` runs it under RLIMIT_FSIZE (`ulimit -f`, with SIGXFSZ ignored so a write
   * past the limit fails with EFBIG instead of killing the process): what a full disk looks like to it.
   */
  static spawn(args: string[], env: Record<string, string>, options: SpawnOptions = {}): ServiceProcess {
    const node = [process.execPath, BIN, ...args];
    const [command, ...commandArgs] =
      options.fileSizeLimitKiB === undefined
        ? node
        : [
            'bash',
            // Spawned with socket stdio, bash would take itself for an rsh session and read ~/.bashrc.
            '--norc',
            '--noprofile',
            '-c',
            `trap '' XFSZ; ulimit -f ${Math.floor(options.fileSizeLimitKiB)}; exec "$@"`,
            'ree-watch',
            ...node,
          ];
    const child = spawn(command as string, commandArgs, {
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'info', ...UNREACHABLE_SOURCE_URLS, ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
      ...(options.cwd ? { cwd: options.cwd } : {}),
    });
    return new ServiceProcess(child);
  }

  /** Waits until stdout or stderr (whichever `stream` names) matches, or fails after `timeoutMs`. */
  async waitFor(
    pattern: RegExp,
    stream: 'stdout' | 'stderr' = 'stderr',
    timeoutMs = 30_000,
  ): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const match = this[stream].match(pattern);
      if (match) return match;
      if (this.child.exitCode !== null) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error(
      `timed out waiting for ${pattern} on ${stream}\n--- stdout ---\n${this.stdout}\n--- stderr ---\n${this.stderr}`,
    );
  }

  /** The port from the "HTTP server listening" log line. */
  async port(): Promise<number> {
    const match = await this.waitFor(/"port":(\d+)/);
    return Number(match[1]);
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.child.exitCode === null) this.child.kill(signal);
  }
}

import { PassThrough, Writable } from 'node:stream';
import { main } from '../../src/cli.js';
import type { Clock } from '../../src/clock.js';
import type { Env } from '../../src/config.js';
import { createLogger, type Logger } from '../../src/logger.js';

/** A writable that keeps everything written to it. */
export class Capture extends Writable {
  chunks: string[] = [];

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(chunk.toString());
    callback();
  }

  get text(): string {
    return this.chunks.join('');
  }
}

/** A pino logger writing JSON lines into a Capture, for asserting on log output. */
export function capturingLogger(
  secrets: readonly string[] = [],
  level: 'trace' | 'debug' | 'info' = 'trace',
): { logger: Logger; output: Capture } {
  const output = new Capture();
  return { logger: createLogger({ level, secrets, destination: output, pretty: false }), output };
}

/** Runs the CLI in-process, as `ree-watch <argv>` would, with its own env and captured output. */
export async function runCli(
  argv: string[],
  env: Env,
  options: { clock?: Clock } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new Capture();
  const stderr = new Capture();
  const stdin = new PassThrough();
  stdin.end();
  const code = await main({
    argv,
    env,
    stdin,
    stdout,
    stderr,
    shutdownSignal: new Promise(() => {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

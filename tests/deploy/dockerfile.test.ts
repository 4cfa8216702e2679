import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freshBuildEntry } from '../../bin/source-fingerprint.js';
import {
  copyFromContext,
  dockerIgnore,
  envPairs,
  execForm,
  parseDockerfile,
  shellWords,
} from '../helpers/dockerfile.js';
import { UNREACHABLE_SOURCE_URLS } from '../helpers/service-process.js';
import { useTempDir } from '../helpers/temp-dir.js';

const CONTEXT = fileURLToPath(new URL('../..', import.meta.url));
const tempDir = useTempDir();

/** The image's unprivileged user, when the test may switch to one (it runs as root, as in CI here). */
const UNPRIVILEGED = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;

const running: ChildProcess[] = [];
const readOnly: string[] = [];
afterEach(() => {
  for (const child of running.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
  for (const dir of readOnly.splice(0)) setWritable(dir, true);
});

/** Without root, the app folder is made read-only instead: the image's user cannot write there either. */
function setWritable(dir: string, writable: boolean): void {
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (!entry.isSymbolicLink()) {
      const path = join(entry.parentPath, entry.name);
      chmodSync(path, entry.isDirectory() ? (writable ? 0o755 : 0o555) : writable ? 0o644 : 0o444);
    }
}

/**
 * The prebuilt better-sqlite3 binary that prebuild-install downloads in the image, made from this
 * checkout's own (same Node ABI, platform and arch) and offered as a local prebuild: the replay
 * never compiles and needs no GitHub access, and a build that tried to compile fails (no compiler).
 */
function localPrebuild(): Record<string, string> {
  const module = join(CONTEXT, 'node_modules', 'better-sqlite3');
  const { version } = JSON.parse(readFileSync(join(module, 'package.json'), 'utf8')) as { version: string };
  const dir = tempDir();
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const tar = spawnSync('tar', ['-czf', join(dir, name), 'build/Release/better_sqlite3.node'], {
    cwd: module,
  });
  expect(tar.status, String(tar.stderr)).toBe(0);
  return { npm_config_better_sqlite3_local_prebuilds: dir, CC: 'false', CXX: 'false' };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitFor(read: () => string, pattern: RegExp, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!pattern.test(read())) {
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`the image's CMD never logged ${pattern}:\n${read()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the Docker image, its steps replayed without Docker', () => {
  // npm ci of the production dependencies from the local npm cache, a bundle, a start: ~15 s alone.
  it('builds from only what each COPY brings, starts node directly as an unprivileged user, answers its HEALTHCHECK and stops on docker stop', {
    timeout: 120_000,
  }, async () => {
    const instructions = parseDockerfile(readFileSync(join(CONTEXT, 'Dockerfile'), 'utf8'));
    const ignored = dockerIgnore(readFileSync(join(CONTEXT, '.dockerignore'), 'utf8'));
    const image = tempDir();
    chmodSync(image, 0o755);
    /** An absolute path in the image, in the replay's folder. */
    const at = (path: string) => join(image, path);
    const buildEnv = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? image, ...localPrebuild() };
    const env: Record<string, string> = {};
    let workdir = '/';
    let user: string | undefined;
    let cmd: string[] = [];
    let healthcheck: string[] = [];
    let stopSignal = 'SIGTERM';
    const copied: string[] = [];
    const notRun: string[] = [];

    const run = (line: string) => {
      for (const command of line.split('&&').map((part) => part.trim())) {
        const [program, ...args] = shellWords(command);
        if (program === 'npm' && args[0] === 'cache') {
          // Empties the image's npm cache; here it would empty the cache this machine shares.
          notRun.push(command);
        } else if (program === 'npm' || program === 'node') {
          // --prefer-offline: packages come from the local npm cache when it has them, as the lockfile pins them.
          const argv = program === 'npm' && args[0] === 'ci' ? [...args, '--prefer-offline'] : args;
          const result = spawnSync(program === 'node' ? process.execPath : 'npm', argv, {
            cwd: at(workdir),
            env: { ...env, ...buildEnv },
            encoding: 'utf8',
            timeout: 90_000,
          });
          expect(result.status, `RUN ${command}\n${result.stdout}${result.stderr}`).toBe(0);
        } else if (program === 'mkdir' && args[0] === '-p' && args.length === 2) {
          mkdirSync(at(args[1] as string), { recursive: true });
        } else if (program === 'chown' && args.length === 2) {
          if (UNPRIVILEGED) chownSync(at(args[1] as string), UNPRIVILEGED.uid, UNPRIVILEGED.gid);
        } else {
          throw new Error(`the replay cannot run "${command}"; teach tests/deploy/dockerfile.test.ts`);
        }
      }
    };

    for (const { keyword, args } of instructions) {
      if (keyword === 'FROM') {
        // package.json's engines ask for Node 20.18 or newer: a node:<major> tag is that major's newest
        // release. (The steps replay on this machine's Node, which the engines range also covers.)
        expect(Number(/^node:(\d+)[-\s]/.exec(args)?.[1])).toBeGreaterThanOrEqual(20);
      } else if (keyword === 'ENV') Object.assign(env, envPairs(args));
      else if (keyword === 'WORKDIR') {
        workdir = posix.resolve(workdir, args);
        mkdirSync(at(workdir), { recursive: true });
      } else if (keyword === 'COPY') {
        const words = shellWords(args);
        expect(words.filter((word) => word.startsWith('--'))).toEqual([]);
        const dest = words.pop() as string;
        const target = at(posix.resolve(workdir, dest)) + (dest.endsWith('/') ? '/' : '');
        copied.push(...copyFromContext(CONTEXT, words, target, ignored));
      } else if (keyword === 'RUN') run(args);
      else if (keyword === 'USER') user = args;
      else if (keyword === 'HEALTHCHECK') healthcheck = execForm(args.replace(/^(?:--\S+\s+)*CMD\s+/, ''));
      else if (keyword === 'STOPSIGNAL') stopSignal = args;
      else if (keyword === 'CMD') cmd = execForm(args);
      else if (keyword !== 'VOLUME' && keyword !== 'EXPOSE')
        throw new Error(`the replay does not know ${keyword}; teach tests/deploy/dockerfile.test.ts`);
    }

    expect(notRun).toEqual(['npm cache clean --force']);
    // Secrets, databases, tests and a stale bundle never reach the image.
    expect(copied.filter((path) => /(^|\/)(\.env|dist|tests|node_modules)(\/|$)|\.db$/.test(path))).toEqual(
      [],
    );
    // The bundle was built in the image from the image's own sources, so bin/ree-watch.js runs it.
    expect(freshBuildEntry(at(workdir))).toBe(join(at(workdir), 'dist', 'main.js'));
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)(:|$)/);
    // node is PID 1, not npm or a shell, so docker stop's signal reaches the service.
    expect(cmd).toEqual(['node', 'bin/ree-watch.js', 'start']);
    expect(healthcheck.join(' ')).toContain('/healthz');

    // `docker run -e HOST=127.0.0.1 -e PORT=…`: the image's environment, its paths in the replay's folder.
    const port = await freePort();
    // The service polls at start: its sources point at a loopback port nothing listens on.
    const runEnv: Record<string, string> = {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      ...UNREACHABLE_SOURCE_URLS,
    };
    for (const [key, value] of Object.entries(env)) runEnv[key] = value.startsWith('/') ? at(value) : value;
    runEnv.PORT = String(port);
    if (!UNPRIVILEGED) {
      setWritable(at(workdir), false);
      readOnly.push(at(workdir));
    }
    const node = (argv: string[]) => [process.execPath, ...argv.slice(1)] as const;
    const [program, ...args] = node(cmd);
    const service = spawn(program, args, {
      cwd: at(workdir),
      env: runEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...UNPRIVILEGED,
    });
    running.push(service);
    let stderr = '';
    service.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
    });
    service.stdout?.resume();
    const exited = new Promise<number | null>((resolve) => service.once('exit', (code) => resolve(code)));
    await waitFor(() => stderr, /HTTP server listening/, service);

    const health = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', database: { ok: true } });
    expect(existsSync(runEnv.DATABASE_PATH as string)).toBe(true);

    const [checkProgram, ...checkArgs] = node(healthcheck);
    const check = spawnSync(checkProgram, checkArgs, { env: runEnv, timeout: 10_000, ...UNPRIVILEGED });
    expect(check.status, String(check.stderr)).toBe(0);

    const stopAt = Date.now();
    service.kill(stopSignal as NodeJS.Signals);
    expect(await exited, stderr).toBe(0);
    expect(Date.now() - stopAt).toBeLessThan(5_000);
  });
});

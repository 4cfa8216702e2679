import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { z } from 'zod';
import { ServiceProcess } from '../helpers/service-process.js';
import { useTempDir } from '../helpers/temp-dir.js';

const run = promisify(execFile);
const tempDir = useTempDir();
const running: ServiceProcess[] = [];
afterEach(() => {
  for (const service of running.splice(0)) service.kill('SIGKILL');
});

const serviceSchema = z.object({
  image: z.string().optional(),
  command: z.array(z.string()).optional(),
  environment: z.record(z.string(), z.string()).optional(),
  depends_on: z.record(z.string(), z.object({ condition: z.string() })).optional(),
  healthcheck: z.object({ test: z.array(z.string()) }).optional(),
  ports: z.array(z.string()).optional(),
});
const compose = z
  .object({ services: z.record(z.string(), serviceSchema) })
  .parse(parse(readFileSync(new URL('../../deploy/compose.yaml', import.meta.url), 'utf8')));
const replicas = Object.entries(compose.services).filter(([, service]) =>
  service.command?.includes('bin/ree-watch.js'),
);

describe('deploy/compose.yaml: PostgreSQL and two replicas with health checks', () => {
  it('names PostgreSQL with a health check, and two ree-watch replicas that wait for it', () => {
    const postgres = compose.services.postgres;
    expect(postgres?.image).toMatch(/^postgres:\d+/);
    expect(postgres?.healthcheck?.test.join(' ')).toContain('pg_isready');
    expect(replicas.map(([name]) => name)).toEqual(['replica-a', 'replica-b']);
    for (const [, service] of replicas) {
      expect(service.depends_on?.postgres?.condition).toBe('service_healthy');
      expect(service.environment?.DATABASE_URL).toMatch(
        /^postgres:\/\/ree:\$\{POSTGRES_PASSWORD\}@postgres:5432\//,
      );
      expect(service.healthcheck?.test.join(' ')).toContain('/healthz');
    }
    const ids = replicas.map(([, service]) => service.environment?.REPLICA_ID);
    expect(new Set(ids).size).toBe(2);
  });

  it('starts the processes it names on one database, each healthy by its own health check and telling its REPLICA_ID', {
    timeout: 90_000,
  }, async () => {
    // No Docker engine or PostgreSQL server here: the replicas share one database file instead of
    // DATABASE_URL; command, REPLICA_ID and health check are the compose file's.
    const database = join(tempDir(), 'shared.db');
    const started = replicas.map(([name, service]) => {
      const [program, script, ...args] = service.command ?? [];
      expect([program, script]).toEqual(['node', 'bin/ree-watch.js']);
      const { DATABASE_URL: _url, PORT: _port, ...env } = service.environment ?? {};
      const process = ServiceProcess.spawn(args, {
        ...env,
        DATABASE_PATH: database,
        PORT: '0',
        HOST: '127.0.0.1',
      });
      running.push(process);
      return { name, service, process };
    });
    for (const { service, process } of started) {
      const port = await process.port();
      const [kind, ...check] = service.healthcheck?.test ?? [];
      expect(kind).toBe('CMD');
      // The container's port 3000 is this process's port.
      const argv = check.map((part) => part.replaceAll('127.0.0.1:3000', `127.0.0.1:${port}`));
      await expect(
        run(argv[0] === 'node' ? globalThis.process.execPath : String(argv[0]), argv.slice(1)),
      ).resolves.toBeDefined();
      const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as {
        replica: { id: string };
      };
      expect(health.replica.id).toBe(service.environment?.REPLICA_ID);
    }
    for (const { process } of started) process.kill('SIGTERM');
    for (const { process } of started) expect((await process.exited).code).toBe(0);
  });

  it('is what the README section on replicas points to', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const section = /### Running more than one replica\n([\s\S]*?)\n##/.exec(readme)?.[1] ?? '';
    expect(section).toContain('(deploy/compose.yaml)');
    expect(section).toContain('tests/deploy/compose.test.ts');
    expect(section).toContain('DISCORD_PUBLIC_KEY');
  });
});

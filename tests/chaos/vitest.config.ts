import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * `npm run chaos`: fault and hostile-input runs against real processes on loopback. Kept out of
 * `npm test` (tests/**\/*.test.ts) because they take minutes; tests/chaos/run.ts drives this config.
 */
export default defineConfig({
  test: {
    root: fileURLToPath(new URL('../..', import.meta.url)),
    include: ['tests/chaos/**/*.chaos.ts'],
    environment: 'node',
    testTimeout: 240_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Most of these wait (leases, backoff, outages, slow answers) rather than compute.
    maxWorkers: 3,
  },
});

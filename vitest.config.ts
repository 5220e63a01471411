import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Spawned processes run the compiled CLI: build it once first.
    globalSetup: ['test/support/global-setup.ts'],
    // Property tests and seed sweeps are CPU-bound; two cores on CI.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Vitest 4 runs `availableParallelism() - 1` workers, one on 2 cores; most of the suite waits on child
    // processes and fake servers rather than the CPU, so two forks finish it sooner there.
    pool: 'forks',
    maxWorkers: 2,
  },
});

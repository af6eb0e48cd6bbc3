import { configDefaults, defineConfig } from 'vitest/config';

// Two projects: everything but test/e2e tests the TypeScript sources in-process; test/e2e runs the bundle
// (dist/), and only its setup installs Node 24 and rebuilds a dist/ older than src/ (test/e2e/global-setup.ts).
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Vitest 4 runs `availableParallelism() - 1` workers, one on 2 cores; most of the suite waits on child
    // processes and fake servers rather than the CPU, so two forks finish it sooner there.
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, 'test/e2e/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          globalSetup: ['test/e2e/global-setup.ts'],
        },
      },
    ],
  },
});
